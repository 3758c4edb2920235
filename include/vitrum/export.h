/* vitrum: symbol export macro for the shared library. */
#ifndef VITRUM_EXPORT_H
#define VITRUM_EXPORT_H

#if defined(_WIN32) && defined(VITRUM_BUILDING_SHARED)
#define VT_API __declspec(dllexport)
#elif defined(_WIN32) && defined(VITRUM_USING_SHARED)
#define VT_API __declspec(dllimport)
#elif defined(__GNUC__)
#define VT_API __attribute__((visibility("default")))
#else
#define VT_API
#endif

#endif
