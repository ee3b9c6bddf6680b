/* Baseline firmware for tests/mcu/size-report.sh: the C runtime alone, so
 * the other images minus this one is what libtinynn adds. */
int main(void);

int main(void)
{
    return 0;
}
