/* The stand-in core's Serial and main() (Arduino.h): setup() once, then
 * loop() a bounded number of times so the emulator stops. The linker
 * routes malloc here (-Wl,--wrap=malloc): a sketch that trains without a
 * heap must not call it, and main's status says whether it did. newlib's
 * printf of a double may allocate: calls from inside Serial do not count. */
#include <Arduino.h>
#include <stdio.h>

SerialConsole Serial;

extern "C" void *__real_malloc(size_t size);
extern "C" void *__wrap_malloc(size_t size);
static unsigned malloc_calls;
static bool in_serial;

extern "C" void *__wrap_malloc(size_t size)
{
    if (!in_serial)
        malloc_calls++;
    return __real_malloc(size);
}

void SerialConsole::begin(unsigned long baud)
{
    (void)baud;
}

size_t SerialConsole::print(const char *text)
{
    return (size_t)printf("%s", text);
}

size_t SerialConsole::print(char c)
{
    return (size_t)printf("%c", c);
}

size_t SerialConsole::print(long n, int base)
{
    return (size_t)(base == HEX ? printf("%lx", (unsigned long)n) : printf("%ld", n));
}

size_t SerialConsole::print(unsigned long n, int base)
{
    return (size_t)(base == HEX ? printf("%lx", n) : printf("%lu", n));
}

size_t SerialConsole::print(int n, int base)
{
    return print((long)n, base);
}

size_t SerialConsole::print(unsigned int n, int base)
{
    return print((unsigned long)n, base);
}

size_t SerialConsole::print(double x, int digits)
{
    in_serial = true;
    int n = printf("%.*f", digits, x);
    in_serial = false;
    return (size_t)n;
}

size_t SerialConsole::println()
{
    return (size_t)printf("\r\n");
}

enum { LOOP_TURNS = 3 };

int main(void)
{
    setup();
    for (int i = 0; i < LOOP_TURNS; i++)
        loop();
    if (malloc_calls != 0) {
        printf("malloc called %u times\n", malloc_calls);
        return 1;
    }
    return 0;
}
