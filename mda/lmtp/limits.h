/*
 * limits.h - every limit of the LMTP server in one place.
 *
 * RFC 5321 4.5.3.1 sets the minimum sizes a server must accept (512
 * octets of command line, 100 recipients); 4.5.3.2 the timeouts a client
 * uses, which ours match so that a stalled peer is let go no sooner than
 * it would give up itself.
 */
#ifndef MDA_LMTP_LIMITS_H
#define MDA_LMTP_LIMITS_H

#define LMTP_LINE_MAX       2048        /* command line, CRLF included */
#define LMTP_ADDR_MAX       512         /* an address inside <> */
#define LMTP_MAX_RCPT       1000        /* recipients per transaction */
#define LMTP_MAX_SIZE       (64ULL * 1024 * 1024)  /* message octets */
#define LMTP_IDLE_MS        (300 * 1000)   /* waiting for a command */
#define LMTP_DATA_MS        (600 * 1000)   /* between two reads of DATA */
#define LMTP_WRITE_MS       (300 * 1000)   /* a reply the peer won't read */
#define LMTP_WORKER_SESSIONS 1000   /* connections one worker serves */
#define LMTP_MAX_ERRORS     20          /* bad commands before 421 */
#define LMTP_USERDB_MAX     (64 * 1024 * 1024)  /* passwd-file octets */
#define LMTP_USERDB_LINES   1000000

#endif
