import XCTest
import SmithyText

final class PreTokenizerTests: XCTestCase {
    func testWordsCarryTheirLeadingSpaceAndSplitOnClassBoundaries() {
        XCTAssertEqual(PreTokenizer.words("Ein Mann, 42 Jahre alt."),
                       ["Ein", " Mann", ",", " 42", " Jahre", " alt", "."])
        XCTAssertEqual(PreTokenizer.words("don't stop"), ["don", "'", "t", " stop"])
        XCTAssertEqual(PreTokenizer.words("Straße…„Größe“"), ["Straße", "…„", "Größe", "“"])
    }

    func testUnusualWhitespaceFormsItsOwnWords() {
        XCTAssertEqual(PreTokenizer.words("  a  b\tc "), [" ", " a", " ", " b", "\t", "c", " "])
        XCTAssertEqual(PreTokenizer.words("a\u{A0}b"), ["a", "\u{A0}", "b"])
        XCTAssertEqual(PreTokenizer.words(""), [])
        XCTAssertEqual(PreTokenizer.words(" "), [" "])
    }

    func testCombiningMarksAndEmojiSequencesStayTogether() {
        XCTAssertEqual(PreTokenizer.words("e\u{301}cole 👩‍💻!"), ["e\u{301}cole", " 👩‍💻!"])
    }

    func testWordsConcatenateToTheTextScalarForScalar() {
        for text in ["  leading", "trailing  ", "mixed \t\u{3000} ws\n\nlines", "e\u{301} é", "", "a1b2,c"] {
            let joined = PreTokenizer.words(text).joined()
            XCTAssertTrue(joined.unicodeScalars.elementsEqual(text.unicodeScalars), text.debugDescription)
        }
    }
}
