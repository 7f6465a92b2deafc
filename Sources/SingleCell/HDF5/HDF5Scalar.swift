import CHDF5

/// A Swift number type with a native HDF5 memory type; libhdf5 converts stored values into it on read.
protocol HDF5Scalar: Numeric {
    static var hdf5MemoryType: hid_t { get }
}

extension Float: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_FLOAT() } }
extension Double: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_DOUBLE() } }
extension Int8: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_INT8() } }
extension Int16: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_INT16() } }
extension Int32: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_INT32() } }
extension Int64: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_INT64() } }
extension UInt8: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_UINT8() } }
extension UInt16: HDF5Scalar { static var hdf5MemoryType: hid_t { smithy_H5T_NATIVE_UINT16() } }
