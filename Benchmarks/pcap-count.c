/* The limit for the sampling benchmark: open a savefile at nanosecond precision, as ketnoi
 * does, and count its packets with pcap_next_ex, touching nothing else.
 *
 *   gcc -O2 -o pcap-count Benchmarks/pcap-count.c -lpcap && ./pcap-count FILE
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 64;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (p == NULL) {
        fprintf(stderr, "%s: %s\n", argv[1], errbuf);
        return 66;
    }
    struct pcap_pkthdr *header;
    const u_char *data;
    unsigned long packets = 0;
    int status;
    while ((status = pcap_next_ex(p, &header, &data)) == 1)
        packets++;
    if (status == PCAP_ERROR) {
        fprintf(stderr, "%s: %s\n", argv[1], pcap_geterr(p));
        pcap_close(p);
        return 65;
    }
    printf("%lu\n", packets);
    pcap_close(p);
    return 0;
}
