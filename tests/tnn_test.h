/* Helpers shared by the Check suites. */
#ifndef TNN_TEST_H
#define TNN_TEST_H

#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "tinynn/tinynn.h"

/* Tolerance that suits the build's number type. */
#if TNN_REAL_IS_DOUBLE
#define TNN_TEST_EPS 1e-12
#else
#define TNN_TEST_EPS 1e-5
#endif

#define ck_assert_status(expr, expected)                                                       \
    do {                                                                                       \
        tnn_status st_ = (expr);                                                               \
        ck_assert_msg(st_ == (expected), "%s returned %d (%s), expected %d", #expr, (int)st_,  \
                      tnn_status_message(st_), (int)(expected));                               \
    } while (0)

#define ck_assert_ok(expr) ck_assert_status(expr, TNN_OK)

/* |a - b| <= tol * max(1, |b|) */
#define ck_assert_close(a, b, tol)                                                             \
    do {                                                                                       \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);                         \
        ck_assert_msg(fabs(a_ - b_) <= t_ * fmax(1.0, fabs(b_)),                               \
                      "%s = %.17g, expected %.17g (tolerance %g)", #a, a_, b_, t_);            \
    } while (0)

/* Runs one suite and exits with the number of failures. */
static inline int tnn_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* An allocator that fails every call from the fail_at-th on (0 = never) and
 * counts what is outstanding. */
typedef struct counting_allocator {
    tnn_allocator hooks;
    size_t calls;
    size_t fail_at;
    size_t live_blocks;
    size_t live_bytes;
} counting_allocator;

static inline void *counting_alloc(void *ctx, size_t size)
{
    counting_allocator *c = ctx;
    c->calls++;
    if (c->fail_at != 0 && c->calls >= c->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p != NULL) {
        c->live_blocks++;
        c->live_bytes += size;
    }
    return p;
}

static inline void counting_free(void *ctx, void *ptr, size_t size)
{
    counting_allocator *c = ctx;
    c->live_blocks--;
    c->live_bytes -= size;
    free(ptr);
}

static inline void counting_allocator_init(counting_allocator *c, size_t fail_at)
{
    c->hooks.alloc = counting_alloc;
    c->hooks.free = counting_free;
    c->hooks.ctx = c;
    c->calls = 0;
    c->fail_at = fail_at;
    c->live_blocks = 0;
    c->live_bytes = 0;
}

#endif /* TNN_TEST_H */
