#ifndef OBSERVATORY_CGEOS_SHIM_H
#define OBSERVATORY_CGEOS_SHIM_H

// The GEOS C API, reentrant functions only (each call takes a GEOSContextHandle_t), so that
// ObservatoryGeo can run one context per call or per thread.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#endif
