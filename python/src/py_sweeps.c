#include "vtpy.h"
PyMethodDef vtpy_sweep_methods[] = {{NULL, NULL, 0, NULL}};
