/* Stands in for the public header tinynn/tinynn.h in the tests built against the
 * one-file bundle (tests/bundle/meson.build): its tinynn.h holds them all. */
#include <tinynn.h>
