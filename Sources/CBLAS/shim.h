#include <cblas.h>
/* OpenBLAS' own controls (declared in its cblas.h, repeated here for clarity). */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
