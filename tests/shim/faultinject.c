/*
 * faultinject.c - LD_PRELOAD shim that makes one chosen system call fail.
 *
 * Contract (all from the environment, read once in the constructor):
 *   FAULT_CALL   family to fault: write fsync fdatasync link linkat rename
 *                renameat open openat mkdir fcntl ftruncate pwrite memfd
 *                ("open" covers open, open64, creat and the _2 fortify
 *                variants; "openat" likewise; "fcntl" covers fcntl64,
 *                "ftruncate" ftruncate64, "pwrite" pwrite64, "rename"
 *                also renameat2 is not covered: it has its own name)
 *   FAULT_NTH    1-based number of the call of that family to fail
 *   FAULT_ERRNO  ENOSPC EIO EDQUOT EAGAIN (and a few more, or a number)
 *   FAULT_SHORT  1: for write/pwrite, write half and return that count
 *                instead of failing (the caller must loop)
 *   FAULT_PERSIST 1: fail the Nth call and every later one of the family
 *   FAULT_FCNTL_CMD  SETLK SETLKW GETLK GETFL SETFL GETFD SETFD or a
 *                number: only fcntl calls with that command are counted
 *                (and can be faulted) in the "fcntl" family
 *   FAULT2_CALL, FAULT2_NTH, FAULT2_ERRNO and FAULT3_...  a second and
 *                a third independent fault (e.g. a short write, then a
 *                failing write, then a failing ftruncate); FAULT_SHORT and
 *                FAULT_PERSIST apply to the first fault only
 *   FAULT_COUNT_FILE  at exit, write "FAMILY COUNT" per family and
 *                "injected K" (faults actually delivered) to this path
 *
 * write(2) to standard output and standard error is neither counted nor
 * faulted: that is the report to the MTA (a pipe), not the storage, and
 * a persistent fault must not silence the status line it is checked by.
 *
 * Only calls made by the process that loaded the shim are counted (a
 * forked child, e.g. sendmail, is ignored), and only after this shim's
 * constructor ran (calls made while other libraries initialise are not
 * the program's own).  Calls the shim itself makes use the real functions.
 */
/* The build passes _FILE_OFFSET_BITS=64, which makes the headers rename
 * open to open64 and so on; here both names must be defined separately. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum fam { F_WRITE, F_FSYNC, F_FDATASYNC, F_LINK, F_LINKAT, F_RENAME,
	   F_RENAMEAT, F_OPEN, F_OPENAT, F_MKDIR, F_FCNTL, F_FTRUNCATE,
	   F_PWRITE, F_MEMFD, F__COUNT };

static const char *const fam_name[F__COUNT] = {
	"write", "fsync", "fdatasync", "link", "linkat", "rename", "renameat",
	"open", "openat", "mkdir", "fcntl", "ftruncate", "pwrite", "memfd",
};

struct fault {
	int fam;            /* -1: none */
	unsigned long nth;
	int err;
};

#define NFAULTS 3
static struct fault faults[NFAULTS] = {
	{ -1, 0, 0 }, { -1, 0, 0 }, { -1, 0, 0 } };
static int fired;   /* the slot of the fault hit() last delivered */
static unsigned long counts[F__COUNT];
static unsigned long injected;
static bool armed, short_write, persist;
static int fcntl_cmd = -1;
static pid_t owner;
static char count_file[4096];

static const struct { const char *name; int err; } errnames[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EDQUOT", EDQUOT },
	{ "EAGAIN", EAGAIN }, { "EINTR", EINTR }, { "EACCES", EACCES },
	{ "EPERM", EPERM }, { "ENOMEM", ENOMEM }, { "EROFS", EROFS },
	{ "EFBIG", EFBIG }, { "ESTALE", ESTALE }, { "ENOLCK", ENOLCK },
	{ "EEXIST", EEXIST }, { "ENOENT", ENOENT }, { "ENOSYS", ENOSYS },
	{ "EMFILE", EMFILE },
};

static const struct { const char *name; int cmd; } cmdnames[] = {
	{ "SETLK", F_SETLK }, { "SETLKW", F_SETLKW }, { "GETLK", F_GETLK },
	{ "GETFL", F_GETFL }, { "SETFL", F_SETFL }, { "GETFD", F_GETFD },
	{ "SETFD", F_SETFD },
};

/* Not declared by the headers unless fortified or of another offset width. */
int fcntl64(int fd, int cmd, ...);
int __open_2(const char *p, int flags);
int __open64_2(const char *p, int flags);
int __openat_2(int d, const char *p, int flags);
int __openat64_2(int d, const char *p, int flags);

/* REAL - the next definition of name (libc's), looked up once. */
#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (real_##name == NULL) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static int parse_errno(const char *s)
{
	if (s == NULL || *s == '\0')
		return EIO;
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (strcmp(s, errnames[i].name) == 0)
			return errnames[i].err;
	return atoi(s) > 0 ? atoi(s) : EIO;
}

static int parse_family(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < F__COUNT; i++)
		if (strcmp(s, fam_name[i]) == 0)
			return i;
	return -1;
}

static void parse_fault(struct fault *f, const char *call, const char *nth,
			const char *err)
{
	f->fam = parse_family(getenv(call));
	f->nth = getenv(nth) ? strtoul(getenv(nth), NULL, 10) : 1;
	f->err = parse_errno(getenv(err));
	if (f->nth == 0)
		f->fam = -1;
}

__attribute__((constructor)) static void fi_init(void)
{
	const char *s;

	parse_fault(&faults[0], "FAULT_CALL", "FAULT_NTH", "FAULT_ERRNO");
	parse_fault(&faults[1], "FAULT2_CALL", "FAULT2_NTH", "FAULT2_ERRNO");
	parse_fault(&faults[2], "FAULT3_CALL", "FAULT3_NTH", "FAULT3_ERRNO");
	short_write = (s = getenv("FAULT_SHORT")) != NULL && strcmp(s, "1") == 0;
	persist = (s = getenv("FAULT_PERSIST")) != NULL && strcmp(s, "1") == 0;
	if ((s = getenv("FAULT_FCNTL_CMD")) != NULL && *s != '\0') {
		fcntl_cmd = atoi(s);
		for (size_t i = 0; i < sizeof(cmdnames) / sizeof(cmdnames[0]); i++)
			if (strcmp(s, cmdnames[i].name) == 0)
				fcntl_cmd = cmdnames[i].cmd;
	}
	if ((s = getenv("FAULT_COUNT_FILE")) != NULL &&
	    strlen(s) < sizeof(count_file))
		strcpy(count_file, s);
	owner = getpid();
	armed = true;
}

/* put - write all of s with the real write (for the count file). */
static void put(int fd, const char *s)
{
	REAL(write);
	size_t len = strlen(s);

	while (len > 0) {   /* bounded: each pass writes or gives up */
		ssize_t n = real_write(fd, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

__attribute__((destructor)) static void fi_fini(void)
{
	REAL(open);
	char line[64];
	int fd;

	if (!armed || count_file[0] == '\0' || getpid() != owner)
		return;
	armed = false;   /* our own calls below are not the program's */
	fd = real_open(count_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		       0644);
	if (fd < 0)
		return;
	for (int i = 0; i < F__COUNT; i++) {
		snprintf(line, sizeof(line), "%s %lu\n", fam_name[i], counts[i]);
		put(fd, line);
	}
	snprintf(line, sizeof(line), "injected %lu\n", injected);
	put(fd, line);
	close(fd);
}

/* hit - count one call of fam; the errno to fail it with, or 0. */
static int hit(int fam)
{
	unsigned long n;

	if (!armed || getpid() != owner)
		return 0;
	n = ++counts[fam];
	for (int i = 0; i < NFAULTS; i++) {
		const struct fault *f = &faults[i];

		if (f->fam == fam && (n == f->nth || (persist && i == 0 &&
						      n > f->nth))) {
			injected++;
			fired = i;
			return f->err;
		}
	}
	return 0;
}

/* short_or_fail - for write/pwrite: 0 go on, -1 fail, 1 write half. */
static int short_or_fail(int fam, size_t len)
{
	int err = hit(fam);

	if (err == 0)
		return 0;
	if (short_write && fired == 0) {
		if (len < 2) {
			injected--;   /* one byte cannot be written in part */
			return 0;
		}
		return 1;
	}
	errno = err;
	return -1;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	REAL(write);
	int r;

	if (fd == STDOUT_FILENO || fd == STDERR_FILENO)
		return real_write(fd, buf, len);   /* the report, not storage */
	r = short_or_fail(F_WRITE, len);

	if (r < 0)
		return -1;
	return real_write(fd, buf, r ? len / 2 : len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite);
	int r = short_or_fail(F_PWRITE, len);

	if (r < 0)
		return -1;
	return real_pwrite(fd, buf, r ? len / 2 : len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite64);
	int r = short_or_fail(F_PWRITE, len);

	if (r < 0)
		return -1;
	return real_pwrite64(fd, buf, r ? len / 2 : len, off);
}

/* FAIL - the common prologue: count the call, fail it when chosen. */
#define FAIL(fam, ret) do { \
	int e_ = hit(fam); \
	if (e_ != 0) { errno = e_; return ret; } \
} while (0)

int fsync(int fd)
{
	REAL(fsync);
	FAIL(F_FSYNC, -1);
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	FAIL(F_FDATASYNC, -1);
	return real_fdatasync(fd);
}

int link(const char *a, const char *b)
{
	REAL(link);
	FAIL(F_LINK, -1);
	return real_link(a, b);
}

int linkat(int da, const char *a, int db, const char *b, int fl)
{
	REAL(linkat);
	FAIL(F_LINKAT, -1);
	return real_linkat(da, a, db, b, fl);
}

int rename(const char *a, const char *b)
{
	REAL(rename);
	FAIL(F_RENAME, -1);
	return real_rename(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
	REAL(renameat);
	FAIL(F_RENAMEAT, -1);
	return real_renameat(da, a, db, b);
}

/* memfd: a kernel without it, or a seccomp filter refusing it */
int memfd_create(const char *name, unsigned int flags)
{
	REAL(memfd_create);
	FAIL(F_MEMFD, -1);
	return real_memfd_create(name, flags);
}

int mkdir(const char *p, mode_t m)
{
	REAL(mkdir);
	FAIL(F_MKDIR, -1);
	return real_mkdir(p, m);
}

int ftruncate(int fd, off_t len)
{
	REAL(ftruncate);
	FAIL(F_FTRUNCATE, -1);
	return real_ftruncate(fd, len);
}

int ftruncate64(int fd, off_t len)
{
	REAL(ftruncate64);
	FAIL(F_FTRUNCATE, -1);
	return real_ftruncate64(fd, len);
}

/* The open family: the mode argument exists only when the flags create a
 * file (O_CREAT, or O_TMPFILE which includes O_DIRECTORY). */
static bool wants_mode(int flags)
{
	return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

#define OPEN_MODE(flags, mode) do { \
	if (wants_mode(flags)) { \
		va_list ap_; \
		va_start(ap_, flags); \
		mode = (mode_t)va_arg(ap_, unsigned int); \
		va_end(ap_); \
	} \
} while (0)

int open(const char *p, int flags, ...)
{
	REAL(open);
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	FAIL(F_OPEN, -1);
	return real_open(p, flags, mode);
}

int open64(const char *p, int flags, ...)
{
	REAL(open64);
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	FAIL(F_OPEN, -1);
	return real_open64(p, flags, mode);
}

int __open_2(const char *p, int flags)
{
	REAL(__open_2);
	FAIL(F_OPEN, -1);
	return real___open_2(p, flags);
}

int __open64_2(const char *p, int flags)
{
	REAL(__open64_2);
	FAIL(F_OPEN, -1);
	return real___open64_2(p, flags);
}

int creat(const char *p, mode_t m)
{
	REAL(creat);
	FAIL(F_OPEN, -1);
	return real_creat(p, m);
}

int creat64(const char *p, mode_t m)
{
	REAL(creat64);
	FAIL(F_OPEN, -1);
	return real_creat64(p, m);
}

int openat(int d, const char *p, int flags, ...)
{
	REAL(openat);
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	FAIL(F_OPENAT, -1);
	return real_openat(d, p, flags, mode);
}

int openat64(int d, const char *p, int flags, ...)
{
	REAL(openat64);
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	FAIL(F_OPENAT, -1);
	return real_openat64(d, p, flags, mode);
}

int __openat_2(int d, const char *p, int flags)
{
	REAL(__openat_2);
	FAIL(F_OPENAT, -1);
	return real___openat_2(d, p, flags);
}

int __openat64_2(int d, const char *p, int flags)
{
	REAL(__openat64_2);
	FAIL(F_OPENAT, -1);
	return real___openat64_2(d, p, flags);
}

/* fcntl's third argument is an int or a pointer, by command; reading it
 * as a pointer-sized word is how the C library itself forwards it. */
static int fcntl_common(int fd, int cmd, void *arg,
			int (*real)(int, int, ...))
{
	if (fcntl_cmd < 0 || cmd == fcntl_cmd)
		FAIL(F_FCNTL, -1);
	return real(fd, cmd, arg);
}

int fcntl(int fd, int cmd, ...)
{
	REAL(fcntl);
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(fd, cmd, arg, real_fcntl);
}

int fcntl64(int fd, int cmd, ...)
{
	REAL(fcntl64);
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(fd, cmd, arg, real_fcntl64);
}
