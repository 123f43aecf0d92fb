// The leanest hub load client: the SignalR JSON hub protocol over WebSockets, spoken by hand in C on one thread with
// epoll, as wrk is to the REST endpoints. bench/load/run.sh builds it with gcc when HUB_CLIENT=c. It prints the same
// JSON line as OrleansTicks.HubLoad and signalr-load.mjs: N connections, each subscribing to K of the given symbols,
// and for every "quote" the delay from the trade's time (quote.time, stamped by the server) to its receipt here.
// On a machine the client shares with the server, whatever it spends per message is taken from the server it
// measures: this one reads each ready socket with one recv and parses only the type, the target and a quote's time.
//
//   hubload --port 5099 --connections 1000 --per 5 --symbols AAPL,MSFT,... --warmup 20 --duration 10
//           [--path /hubs/ticks] [--key KEY] [--quotes N: end the window once N quotes are measured]
// It says "subscribed" on stderr once every connection has its Subscribe answer.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RS 0x1e
#define MAX_SYMBOLS 1024

typedef struct {
    int fd;
    char *in;        // bytes received, not yet parsed
    size_t in_len, in_cap;
    char *message;   // payload of the WebSocket message being assembled
    size_t msg_len, msg_cap;
    int subscribed;  // -1 waiting for the Subscribe answer, else the number of symbols rejected
    int closed;
} connection;

static double *samples;
static size_t sample_count, sample_cap;
static long quotes, bars;
static int measuring;
static double max_ms;

static double now_realtime(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double now_monotonic(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static void die(const char *what) {
    fprintf(stderr, "hubload: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

static void grow(char **buffer, size_t *cap, size_t need) {
    if (need <= *cap) return;
    while (*cap < need) *cap = *cap ? *cap * 2 : 16384;
    if (!(*buffer = realloc(*buffer, *cap))) die("out of memory");
}

// ISO-8601 as System.Text.Json writes a DateTimeOffset: 2026-12-07T18:30:00.1234567+00:00 (or Z); seconds since 1970.
static int parse_time(const char *p, double *out) {
    struct tm tm = {0};
    int consumed = 0;
    if (sscanf(p, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    p += consumed;
    double fraction = 0, scale = 0.1;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10) fraction += (*p - '0') * scale;
    double offset = 0;
    if (*p == '+' || *p == '-') {
        int hours = 0, minutes = 0;
        if (sscanf(p + 1, "%2d:%2d", &hours, &minutes) != 2) return 0;
        offset = (*p == '+' ? 1 : -1) * (hours * 3600.0 + minutes * 60.0);
    } else if (*p != 'Z') {
        return 0;
    }
    *out = (double)timegm(&tm) + fraction - offset;
    return 1;
}

// One hub protocol record (without its separator). Only the top-level type and target are looked at, and a quote's
// "time": the quote object comes after "target" in the server's invocations.
static void dispatch(connection *c, char *record, size_t length, double received) {
    record[length] = 0;
    if (strncmp(record, "{\"type\":1,", 10) == 0) {
        if (strstr(record, "\"target\":\"quote\"")) {
            char *time = strstr(record, "\"time\":\"");
            double stamped;
            if (time && parse_time(time + 8, &stamped) && measuring) {
                double ms = (received - stamped) * 1000;
                if (sample_count == sample_cap) {
                    sample_cap = sample_cap ? sample_cap * 2 : 1 << 20;
                    if (!(samples = realloc(samples, sample_cap * sizeof *samples))) die("out of memory");
                }
                samples[sample_count++] = ms;
                if (ms > max_ms) max_ms = ms;
                quotes++;
            }
        } else if (strstr(record, "\"target\":\"bar\"") && measuring) {
            bars++;
        }
    } else if (strncmp(record, "{\"type\":3,", 10) == 0 && c->subscribed < 0) {
        // {"type":3,"invocationId":"0","result":{"accepted":[...],"rejected":[{...},...]}}: count the rejected objects.
        char *rejected = strstr(record, "\"rejected\":[");
        int count = 0;
        if (rejected)
            for (char *p = rejected + 12; *p && *p != ']'; p++)
                if (*p == '{') { count++; for (int depth = 1; depth > 0 && *++p;) depth += (*p == '{') - (*p == '}'); }
        c->subscribed = strstr(record, "\"error\"") ? 1 << 20 : count;
    }
}

static void on_message(connection *c, double received) {
    size_t start = 0;
    grow(&c->message, &c->msg_cap, c->msg_len + 1);
    for (size_t i = 0; i < c->msg_len; i++)
        if (c->message[i] == RS) {
            dispatch(c, c->message + start, i - start, received);
            start = i + 1;
        }
    c->msg_len = 0;
}

// Parses the whole frames in c->in (server frames are not masked); keeps a partial frame for the next read.
static void parse_frames(connection *c, double received) {
    size_t at = 0;
    while (c->in_len - at >= 2) {
        unsigned char *h = (unsigned char *)c->in + at;
        int fin = h[0] & 0x80, opcode = h[0] & 0x0f;
        uint64_t length = h[1] & 0x7f;
        size_t header = 2;
        if (length == 126) {
            if (c->in_len - at < 4) break;
            length = ((uint64_t)h[2] << 8) | h[3];
            header = 4;
        } else if (length == 127) {
            if (c->in_len - at < 10) break;
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | h[2 + i];
            header = 10;
        }
        if (c->in_len - at < header + length) break;
        if (opcode == 8) {
            c->closed = 1;
        } else if (opcode == 0 || opcode == 1 || opcode == 2) {
            grow(&c->message, &c->msg_cap, c->msg_len + length + 1);
            memcpy(c->message + c->msg_len, h + header, length);
            c->msg_len += length;
            if (fin) on_message(c, received);
        }
        at += header + length;
    }
    memmove(c->in, c->in + at, c->in_len - at);
    c->in_len -= at;
}

// Reads what is there (non-blocking); returns 0 when the connection is gone.
static int read_ready(connection *c) {
    for (;;) {
        grow(&c->in, &c->in_cap, c->in_len + 65536);
        size_t room = c->in_cap - c->in_len;
        ssize_t n = recv(c->fd, c->in + c->in_len, room, 0);
        if (n > 0) {
            c->in_len += n;
            parse_frames(c, now_realtime());
            if ((size_t)n < room || c->closed) return !c->closed; // a short read: the socket is drained
        } else if (n == 0) {
            return 0;
        } else {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        }
    }
}

// A client frame: text, final, masked with a zero key (clients must mask; the key's value is theirs to choose).
static int send_text(int fd, const char *text) {
    size_t length = strlen(text);
    unsigned char frame[16 + 65536];
    size_t header;
    if (length > 65535) return 0;
    frame[0] = 0x81;
    if (length < 126) {
        frame[1] = 0x80 | length;
        header = 2;
    } else {
        frame[1] = 0x80 | 126;
        frame[2] = length >> 8;
        frame[3] = length & 0xff;
        header = 4;
    }
    memset(frame + header, 0, 4);
    memcpy(frame + header + 4, text, length);
    size_t total = header + 4 + length, sent = 0;
    while (sent < total) {
        ssize_t n = send(fd, frame + sent, total - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) { usleep(100); continue; }
        if (n <= 0) return 0;
        sent += n;
    }
    return 1;
}

// Connects, upgrades to a WebSocket, shakes hands and subscribes; blocking, one connection at a time.
static int open_connection(connection *c, int port, const char *path, const char *key, char **symbols, int per, int index, int symbol_count) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    memset(c, 0, sizeof *c);
    c->subscribed = -1;
    if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 || connect(c->fd, (struct sockaddr *)&address, sizeof address) < 0) return 0;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char request[1024];
    snprintf(request, sizeof request,
             "GET %s%s%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
             path, key ? "?access_token=" : "", key ? key : "", port);
    if (send(c->fd, request, strlen(request), MSG_NOSIGNAL) <= 0) return 0;
    char response[4096];
    size_t got = 0;
    while (!memmem(response, got, "\r\n\r\n", 4)) {
        ssize_t n = recv(c->fd, response + got, sizeof response - got - 1, 0);
        if (n <= 0) return 0;
        got += n;
    }
    response[got] = 0;
    if (strncmp(response, "HTTP/1.1 101", 12) != 0) { fprintf(stderr, "hubload: upgrade refused: %.80s\n", response); return 0; }
    char *end = strstr(response, "\r\n\r\n") + 4; // frames may follow the headers in the same read
    grow(&c->in, &c->in_cap, 65536);
    c->in_len = got - (end - response);
    memcpy(c->in, end, c->in_len);
    if (!send_text(c->fd, "{\"protocol\":\"json\",\"version\":1}\x1e")) return 0;

    char invocation[8192];
    int length = snprintf(invocation, sizeof invocation, "{\"type\":1,\"invocationId\":\"0\",\"target\":\"Subscribe\",\"arguments\":[[");
    int step = symbol_count / per > 1 ? symbol_count / per : 1; // as the other clients: distinct symbols per connection
    for (int k = 0; k < per; k++) {
        const char *symbol = symbols[(index * 7 + k * step) % symbol_count];
        if (length + strlen(symbol) + 8 > sizeof invocation) { fprintf(stderr, "hubload: --per %d symbols do not fit one Subscribe\n", per); return 0; }
        length += snprintf(invocation + length, sizeof invocation - length, "%s\"%s\"", k ? "," : "", symbol);
    }
    snprintf(invocation + length, sizeof invocation - length, "]]}\x1e");
    if (!send_text(c->fd, invocation)) return 0;
    while (c->subscribed < 0) { // the handshake's {} and the Subscribe answer (live messages may come first)
        parse_frames(c, now_realtime());
        if (c->subscribed >= 0 || c->closed) break;
        grow(&c->in, &c->in_cap, c->in_len + 65536);
        ssize_t n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
        if (n <= 0) return 0;
        c->in_len += n;
    }
    return !c->closed;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double p) {
    if (!sample_count) return 0;
    size_t i = (size_t)(p * (sample_count - 1) + 0.5);
    return samples[i];
}

int main(int argc, char **argv) {
    int port = 5099, connections = 1000, per = 5;
    long enough_quotes = 0;
    double warmup = 20, duration = 10;
    const char *path = "/hubs/ticks", *key = NULL;
    char *symbol_list = "AAPL";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--connections")) connections = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--per")) per = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--symbols")) symbol_list = argv[i + 1];
        else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--duration")) duration = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--path")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--key")) key = argv[i + 1];
        else if (!strcmp(argv[i], "--quotes")) enough_quotes = atol(argv[i + 1]);
        else { fprintf(stderr, "hubload: unknown option %s\n", argv[i]); return 2; }
    }
    char *symbols[MAX_SYMBOLS];
    int symbol_count = 0;
    for (char *s = strtok(strdup(symbol_list), ","); s && symbol_count < MAX_SYMBOLS; s = strtok(NULL, ",")) symbols[symbol_count++] = s;
    if (connections < 1 || per < 1 || symbol_count < 1) { fprintf(stderr, "hubload: --connections, --per and --symbols must not be empty\n"); return 2; }

    connection *all = calloc(connections, sizeof *all);
    int epoll = epoll_create1(0), opened = 0, failed = 0, rejected = 0;
    if (epoll < 0) die("epoll_create1");
    for (int i = 0; i < connections; i++) {
        if (!open_connection(&all[opened], port, path, key, symbols, per, i, symbol_count)) {
            failed++;
            if (all[opened].fd > 0) close(all[opened].fd);
            continue;
        }
        rejected += all[opened].subscribed;
        int flags = 1;
        if (ioctl(all[opened].fd, FIONBIO, &flags) < 0) die("FIONBIO");
        struct epoll_event event = {.events = EPOLLIN, .data.ptr = &all[opened]};
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, all[opened].fd, &event) < 0) die("epoll_ctl");
        opened++;
    }

    fprintf(stderr, "subscribed\n");
    fflush(stderr);
    double started = now_monotonic(), window_start = started + warmup, window_end = window_start + duration, next_ping = started + 10;
    double cpu_start = 0;
    if (!opened) window_end = started; // nothing to measure: report the failures at once
    struct epoll_event events[512];
    double now = started;
    for (; now < window_end && !(measuring && enough_quotes > 0 && quotes >= enough_quotes); now = now_monotonic()) {
        if (!measuring && now >= window_start) {
            measuring = 1;
            cpu_start = cpu_seconds();
        }
        if (now >= next_ping) { // the hub closes a connection it has not heard from in 30 s
            for (int i = 0; i < opened; i++)
                if (!all[i].closed && !send_text(all[i].fd, "{\"type\":6}\x1e")) all[i].closed = 1;
            next_ping = now + 10;
        }
        int ready = epoll_wait(epoll, events, 512, 50);
        for (int i = 0; i < ready; i++) {
            connection *c = events[i].data.ptr;
            if (!read_ready(c) && !c->closed) {
                c->closed = 1;
                epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
            }
        }
    }
    double cpu = cpu_seconds() - cpu_start;
    duration = now > window_start ? now - window_start : duration; // the window may have ended early (--quotes)
    qsort(samples, sample_count, sizeof *samples, compare);
    long messages = quotes + bars;
    printf("{\"connectionsOpened\":%d,\"connectionsFailed\":%d,\"symbolsRejected\":%d,\"errors\":[],\"seconds\":%g,"
           "\"messagesPerSecond\":%.0f,\"quotesPerSecond\":%.0f,\"barsPerSecond\":%.0f,"
           "\"latencyMs\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f,\"samples\":%zu},"
           "\"clientCpu\":{\"cores\":%.2f,\"microsecondsPerMessage\":%.1f}}\n",
           opened, failed, rejected, duration, messages / duration, quotes / duration, bars / duration,
           percentile(0.5), percentile(0.9), percentile(0.99), max_ms, sample_count,
           cpu / duration, messages ? cpu * 1e6 / messages : 0);
    for (int i = 0; i < opened; i++) close(all[i].fd);
    return 0;
}
