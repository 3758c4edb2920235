/* The process-wide cancellation flag (core.h): one lock-free atomic, so a signal handler or any
 * thread may set it while a long call polls it between steps. */
#include <stdatomic.h>

#include "internal.h"

atomic_int vt_cancel_flag = 0;

void vt_cancel_request(void) {
  atomic_store_explicit(&vt_cancel_flag, 1, memory_order_relaxed);
}

int vt_cancel_requested(void) {
  return vt_cancelled();
}

void vt_cancel_clear(void) {
  atomic_store_explicit(&vt_cancel_flag, 0, memory_order_relaxed);
}
