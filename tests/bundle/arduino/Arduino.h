/* A stand-in for an Arduino core's Arduino.h, enough to build and run a
 * sketch in the Cortex-M test image (tests/bundle/arduino-sketch.sh):
 * Serial writes to the semihosting console through the C library's
 * stdout, and main() (arduino_main.cpp) calls setup() once and loop() a
 * few times where a core would loop forever. Only what the bundle's
 * sketches use, with the Arduino API's names and overloads. */
#ifndef TNN_TEST_ARDUINO_H
#define TNN_TEST_ARDUINO_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DEC 10
#define HEX 16

/* Arduino's Print API over stdout: print() and println() of text,
 * integers in base 10 or 16, and doubles with a number of decimals. */
class SerialConsole
{
  public:
    void begin(unsigned long baud);
    operator bool() const
    {
        return true;
    }
    size_t print(const char *text);
    size_t print(char c);
    size_t print(int n, int base = DEC);
    size_t print(unsigned int n, int base = DEC);
    size_t print(long n, int base = DEC);
    size_t print(unsigned long n, int base = DEC);
    size_t print(double x, int digits = 2);
    size_t println();
    template <typename T> size_t println(T value)
    {
        size_t n = print(value);
        return n + println();
    }
    template <typename T> size_t println(T value, int format)
    {
        size_t n = print(value, format);
        return n + println();
    }
};

extern SerialConsole Serial;

void setup(void);
void loop(void);

#endif /* TNN_TEST_ARDUINO_H */
