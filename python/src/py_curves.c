#include "vtpy.h"
PyMethodDef vtpy_curve_methods[] = {{NULL, NULL, 0, NULL}};
PyMethodDef vtpy_analysis_methods[] = {{NULL, NULL, 0, NULL}};
PyMethodDef vtpy_fit_methods[] = {{NULL, NULL, 0, NULL}};
