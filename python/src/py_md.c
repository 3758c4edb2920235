#include "vtpy.h"
PyMethodDef vtpy_md_methods[] = {{NULL, NULL, 0, NULL}};
