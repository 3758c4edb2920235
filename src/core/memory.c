/* Growing and freeing the arrays result structs own (VT_GROW, VT_FREE_ZERO in internal.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void vt_free_zero(void *obj, size_t size, void *const *arrays, size_t n) {
  for (size_t i = 0; i < n; i++) free(arrays[i]);
  memset(obj, 0, size);
}

int vt_grow_arrays(size_t needed, size_t *cap, size_t initial, const vt_grow_item *items,
                   size_t count) {
  if (needed <= *cap) return VT_OK;
  size_t c = *cap ? *cap : initial;
  while (c < needed && c <= SIZE_MAX / 2) c *= 2;
  if (c < needed) return VT_ENOMEM;
  for (size_t i = 0; i < count; i++) {
    void *old;
    memcpy(&old, items[i].field, sizeof old);
    void *grown = c <= SIZE_MAX / items[i].elem_size ? realloc(old, c * items[i].elem_size) : NULL;
    if (!grown) return VT_ENOMEM;
    memcpy(items[i].field, &grown, sizeof grown);
  }
  *cap = c;
  return VT_OK;
}

int vt_alloc_arrays(size_t n, const vt_grow_item *items, size_t count) {
  size_t cap = 0, m = n ? n : 1;
  return vt_grow_arrays(m, &cap, m, items, count);
}

void *vt_calloc_lines(size_t n, size_t size) {
  if (size && n > (SIZE_MAX - 128) / size) return NULL;
  size_t bytes = (n * size + 63) / 64 * 64 + 64;
  void *p = aligned_alloc(64, bytes);
  if (p) memset(p, 0, bytes);
  return p;
}
