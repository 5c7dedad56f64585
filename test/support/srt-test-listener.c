/*
 * srt-test-listener: a libsrt live-mode listener for integration tests. It accepts one caller at a time (and keeps
 * accepting after disconnects), writes the received payload to a file, and prints one JSON object per line on stdout:
 *   {"event":"listening","port":N}
 *   {"event":"accepted","streamId":"...","peer":"ip:port","pbkeylen":N,"rcvKmState":N}  (2 = SRT_KM_S_SECURED)
 *   {"event":"rejected","streamId":"...","code":N}          (listen callback refused a caller)
 *   {"event":"stats",...}                                    (every --stats-ms while a caller is connected, from srt_bstats)
 *   {"event":"disconnected","reason":"...",...final stats}
 *   {"event":"error","message":"..."}
 *
 * Usage: srt-test-listener [--port N] [--latency-ms N] [--stats-ms N] [--output PATH]
 * Environment (kept out of argv because they are secrets in real use):
 *   SRT_TEST_PASSPHRASE       listener passphrase (10..79 chars); enforced encryption stays on (libsrt default)
 *   SRT_TEST_PBKEYLEN         SRTO_PBKEYLEN (16/24/32) the listener advertises in its INDUCTION reply
 *   SRT_TEST_REJECT_STREAMID  reject callers sending exactly this stream id (or every caller when set to "*")
 *   SRT_TEST_REJECT_CODE      reject reason given to srt_setrejectreason (default 1403 = SRT_REJX_FORBIDDEN)
 * SIGINT/SIGTERM close the sockets (sending SHUTDOWN to a connected caller) and exit 0.
 */
#include <srt/srt.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t g_stop = 0;
static const char *g_reject_sid = NULL;
static int g_reject_code = 1403;

static void on_signal(int sig) {
  (void)sig;
  g_stop = 1;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Prints s as a JSON string literal (quotes included). */
static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

static void print_error(const char *what) {
  printf("{\"event\":\"error\",\"message\":");
  char buf[512];
  snprintf(buf, sizeof buf, "%s: %s", what, srt_getlasterror_str());
  json_str(stdout, buf);
  printf("}\n");
}

/* Runs on libsrt's receiver thread for every caller's CONCLUSION; returning -1 rejects it. */
static int listen_cb(void *opaq, SRTSOCKET ns, int hsversion, const struct sockaddr *peer, const char *streamid) {
  (void)opaq;
  (void)hsversion;
  (void)peer;
  const char *sid = streamid ? streamid : "";
  if (g_reject_sid && (strcmp(g_reject_sid, "*") == 0 || strcmp(g_reject_sid, sid) == 0)) {
    srt_setrejectreason(ns, g_reject_code);
    flockfile(stdout); /* this runs on a libsrt thread: keep the line whole */
    printf("{\"event\":\"rejected\",\"streamId\":");
    json_str(stdout, sid);
    printf(",\"code\":%d}\n", g_reject_code);
    funlockfile(stdout);
    return -1;
  }
  return 0;
}

struct totals {
  int64_t rcv_retrans_total; /* srt_bstats has no total for received retransmissions: sum the interval values */
  uint64_t bytes_written;
};

static void print_stats(const char *event, SRTSOCKET s, struct totals *t, const char *reason) {
  SRT_TRACEBSTATS st;
  memset(&st, 0, sizeof st);
  int ok = srt_bstats(s, &st, 1) != SRT_ERROR; /* clear=1: interval fields (mbpsRecvRate…) restart now */
  flockfile(stdout);
  printf("{\"event\":\"%s\",", event);
  if (reason) {
    printf("\"reason\":");
    json_str(stdout, reason);
    printf(",");
  }
  if (!ok) {
    /* A socket already broken has no statistics left; still report the event. */
    printf("\"tMs\":%lld,\"bytesWritten\":%llu}\n", (long long)now_ms(), (unsigned long long)t->bytes_written);
    funlockfile(stdout);
    return;
  }
  t->rcv_retrans_total += st.pktRcvRetrans;
  printf("\"tMs\":%lld,\"msTimeStamp\":%lld,\"msRTT\":%.3f,\"mbpsRecvRate\":%.6f,\"mbpsBandwidth\":%.3f,"
         "\"byteRecvTotal\":%llu,\"pktRecvTotal\":%lld,\"pktRecvUniqueTotal\":%lld,\"pktRcvLossTotal\":%d,"
         "\"pktRcvRetransTotal\":%lld,\"pktRcvDropTotal\":%d,\"pktSentACKTotal\":%d,\"pktSentNAKTotal\":%d,"
         "\"msRcvTsbPdDelay\":%d,\"pktRcvUndecryptTotal\":%d,\"bytesWritten\":%llu}\n",
         (long long)now_ms(), (long long)st.msTimeStamp, st.msRTT, st.mbpsRecvRate, st.mbpsBandwidth,
         (unsigned long long)st.byteRecvTotal, (long long)st.pktRecvTotal, (long long)st.pktRecvUniqueTotal,
         st.pktRcvLossTotal, (long long)t->rcv_retrans_total, st.pktRcvDropTotal, st.pktSentACKTotal,
         st.pktSentNAKTotal, st.msRcvTsbPdDelay, st.pktRcvUndecryptTotal, (unsigned long long)t->bytes_written);
  funlockfile(stdout);
}

int main(int argc, char **argv) {
  int port = 0, latency_ms = 120, stats_ms = 500;
  const char *output = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--port") == 0) port = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--latency-ms") == 0) latency_ms = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--stats-ms") == 0) stats_ms = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--output") == 0) output = argv[i + 1];
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const char *passphrase = getenv("SRT_TEST_PASSPHRASE");
  g_reject_sid = getenv("SRT_TEST_REJECT_STREAMID");
  if (getenv("SRT_TEST_REJECT_CODE")) g_reject_code = atoi(getenv("SRT_TEST_REJECT_CODE"));

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);

  FILE *out = NULL;
  if (output && strcmp(output, "-") != 0) {
    out = fopen(output, "wb");
    if (!out) {
      printf("{\"event\":\"error\",\"message\":\"cannot open output file\"}\n");
      return 1;
    }
  }

  srt_startup();
  srt_setloglevel(3); /* LOG_ERR: keep libsrt's stderr quiet */
  SRTSOCKET lsn = srt_create_socket();
  int yes = 1, no = 0;
  int rcvtimeo_ms = 100;
  srt_setsockflag(lsn, SRTO_LATENCY, &latency_ms, sizeof latency_ms);
  srt_setsockflag(lsn, SRTO_RCVSYN, &no, sizeof no); /* accept through epoll so signals are noticed */
  if (passphrase && srt_setsockflag(lsn, SRTO_PASSPHRASE, passphrase, (int)strlen(passphrase)) == SRT_ERROR) {
    print_error("SRTO_PASSPHRASE");
    return 1;
  }

  if (getenv("SRT_TEST_PBKEYLEN")) {
    int pbkeylen = atoi(getenv("SRT_TEST_PBKEYLEN"));
    if (srt_setsockflag(lsn, SRTO_PBKEYLEN, &pbkeylen, sizeof pbkeylen) == SRT_ERROR) {
      print_error("SRTO_PBKEYLEN");
      return 1;
    }
  }

  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  if (srt_bind(lsn, (struct sockaddr *)&sa, sizeof sa) == SRT_ERROR) {
    print_error("srt_bind");
    return 1;
  }
  if (g_reject_sid) srt_listen_callback(lsn, listen_cb, NULL);
  if (srt_listen(lsn, 4) == SRT_ERROR) {
    print_error("srt_listen");
    return 1;
  }
  struct sockaddr_in bound;
  int blen = sizeof bound;
  srt_getsockname(lsn, (struct sockaddr *)&bound, &blen);
  printf("{\"event\":\"listening\",\"port\":%d,\"latencyMs\":%d}\n", ntohs(bound.sin_port), latency_ms);

  int eid = srt_epoll_create();
  int accept_events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
  srt_epoll_add_usock(eid, lsn, &accept_events);

  static char buf[1500];
  struct totals totals = {0, 0};
  SRTSOCKET conn = SRT_INVALID_SOCK;
  int64_t next_stats = 0;
  while (!g_stop) {
    if (conn == SRT_INVALID_SOCK) {
      SRTSOCKET ready[1];
      int n_ready = 1;
      if (srt_epoll_wait(eid, ready, &n_ready, NULL, NULL, 100, NULL, NULL, NULL, NULL) <= 0) continue;
      struct sockaddr_storage peer;
      int plen = sizeof peer;
      conn = srt_accept(lsn, (struct sockaddr *)&peer, &plen);
      if (conn == SRT_INVALID_SOCK) continue;
      srt_setsockflag(conn, SRTO_RCVSYN, &yes, sizeof yes);
      srt_setsockflag(conn, SRTO_RCVTIMEO, &rcvtimeo_ms, sizeof rcvtimeo_ms);
      char sid[600] = {0};
      int sid_len = sizeof sid - 1;
      if (srt_getsockflag(conn, SRTO_STREAMID, sid, &sid_len) == SRT_ERROR) sid_len = 0;
      sid[sid_len] = 0;
      char host[64] = "?";
      int peer_port = 0;
      if (peer.ss_family == AF_INET) {
        struct sockaddr_in *p4 = (struct sockaddr_in *)&peer;
        inet_ntop(AF_INET, &p4->sin_addr, host, sizeof host);
        peer_port = ntohs(p4->sin_port);
      }
      /* Key length and receive KM state (2 = SRT_KM_S_SECURED): proves the caller's key was accepted. */
      int pbkeylen = 0, rcv_km_state = -1;
      int opt_len = sizeof pbkeylen;
      srt_getsockflag(conn, SRTO_PBKEYLEN, &pbkeylen, &opt_len);
      opt_len = sizeof rcv_km_state;
      srt_getsockflag(conn, SRTO_RCVKMSTATE, &rcv_km_state, &opt_len);
      flockfile(stdout);
      printf("{\"event\":\"accepted\",\"streamId\":");
      json_str(stdout, sid);
      printf(",\"streamIdBytes\":%d,\"peer\":\"%s:%d\",\"pbkeylen\":%d,\"rcvKmState\":%d}\n", sid_len, host,
             peer_port, pbkeylen, rcv_km_state);
      funlockfile(stdout);
      totals.rcv_retrans_total = 0;
      next_stats = now_ms() + stats_ms;
      continue;
    }
    int n = srt_recvmsg(conn, buf, sizeof buf);
    if (n > 0) {
      if (out) fwrite(buf, 1, (size_t)n, out);
      totals.bytes_written += (uint64_t)n;
    } else {
      int err = srt_getlasterror(NULL);
      SRT_SOCKSTATUS state = srt_getsockstate(conn);
      /* A timeout is normal; an error, or a socket the peer closed (SHUTDOWN) or that broke, ends this caller. */
      if ((err != SRT_EASYNCRCV && err != SRT_ETIMEOUT) || state >= SRTS_BROKEN) {
        const char *why = state == SRTS_BROKEN ? "connection broken or closed by peer" : srt_getlasterror_str();
        print_stats("disconnected", conn, &totals, why);
        srt_close(conn);
        conn = SRT_INVALID_SOCK;
        if (out) fflush(out);
        continue;
      }
    }
    if (now_ms() >= next_stats) {
      print_stats("stats", conn, &totals, NULL);
      if (out) fflush(out);
      next_stats += stats_ms;
    }
  }
  if (conn != SRT_INVALID_SOCK) {
    print_stats("disconnected", conn, &totals, "listener stopped");
    srt_close(conn);
  }
  srt_epoll_release(eid);
  srt_close(lsn);
  srt_cleanup();
  if (out) fclose(out);
  return 0;
}
