#include "vtpy.h"
PyMethodDef vtpy_fit_methods[] = {{NULL, NULL, 0, NULL}};
