#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "hash.h"
#include "xalloc.h"

struct entry {
	uint64_t hash;		/* 0: empty */
	const char *key;
	size_t len;
	union {
		void *p;
		size_t i;	/* the tables of hash_put_index */
	} value;
};

struct hash {
	struct entry *slots;
	size_t mask, count;
	char **chunks;		/* key storage, in large blocks */
	size_t nchunks, chunkcap;
	char *free_at;		/* the unused end of the last chunk */
	size_t chunkfree;
};

enum { KEY_CHUNK = 64 * 1024 };

/*
 * A large table is read at random, one slot a look-up: on small pages
 * nearly every look-up misses the TLB, which costs more than the look-up
 * (a third of loading a million-SKU master). Such a table asks for huge
 * pages; the kernel gives them where it can (transparent huge pages).
 */
enum { HUGE_TABLE = 4 << 20 };

static struct entry *
slots_new(size_t n)
{
	size_t bytes = n * sizeof(struct entry);
	void *p;

	if (bytes < HUGE_TABLE)
		return xcalloc(n, sizeof(struct entry));
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("out of memory");
	(void)madvise(p, bytes, MADV_HUGEPAGE);	/* a hint only */
	return p;
}

static void
slots_free(struct entry *s, size_t n)
{
	if (n * sizeof(struct entry) < HUGE_TABLE)
		free(s);
	else
		munmap(s, n * sizeof(struct entry));
}

static uint64_t sipkey[2];
static int seeded;

static void
seed(void)
{
	if (getrandom(sipkey, sizeof(sipkey), 0) != sizeof(sipkey)) {
		/* no entropy source: still differs from run to run */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		sipkey[0] = (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 32;
		sipkey[1] = (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&ts;
	}
	seeded = 1;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

uint64_t
hash_bytes(const char *key, size_t len)
{
	const unsigned char *p = (const unsigned char *)key;
	uint64_t v0, v1, v2, v3, m, b = (uint64_t)len << 56;
	size_t i, tail = len & 7;

	if (!seeded)
		seed();
	v0 = sipkey[0] ^ 0x736f6d6570736575ULL;
	v1 = sipkey[1] ^ 0x646f72616e646f6dULL;
	v2 = sipkey[0] ^ 0x6c7967656e657261ULL;
	v3 = sipkey[1] ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, p + i, 8);	/* little-endian hosts, as Debian's */
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < tail; i++)
		b |= (uint64_t)p[len - tail + i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return (v0 ^ v1 ^ v2 ^ v3) | 1;	/* never 0, the empty mark */
}

struct hash *
hash_new_sized(size_t n)
{
	struct hash *h = xcalloc(1, sizeof(*h));
	size_t size = 16;

	while (size / 4 * 3 < n + 1)
		size *= 2;
	h->mask = size - 1;
	h->slots = slots_new(size);
	return h;
}

struct hash *
hash_new(void)
{
	return hash_new_sized(0);
}

void
hash_free(struct hash *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nchunks; i++)
		free(h->chunks[i]);
	free(h->chunks);
	slots_free(h->slots, h->mask + 1);
	free(h);
}

void
hash_clear(struct hash *h)
{
	size_t i;

	if (h->count == 0)	/* empty already: no memset of a large table */
		return;
	memset(h->slots, 0, (h->mask + 1) * sizeof(*h->slots));
	h->count = 0;
	for (i = 1; i < h->nchunks; i++)
		free(h->chunks[i]);
	if (h->nchunks > 0) {	/* the first block stays, for the next keys */
		h->nchunks = 1;
		h->free_at = h->chunks[0];
		h->chunkfree = KEY_CHUNK;
	}
}

size_t
hash_count(const struct hash *h)
{
	return h->count;
}

static struct entry *
find(const struct hash *h, uint64_t hv, const char *key, size_t len)
{
	size_t i = (size_t)hv & h->mask;

	for (;; i = (i + 1) & h->mask) {
		struct entry *e = &h->slots[i];

		if (e->hash == 0 || (e->hash == hv && e->len == len &&
		    memcmp(e->key, key, len) == 0))
			return e;
	}
}

void *
hash_get(const struct hash *h, const char *key, size_t len)
{
	struct entry *e = find(h, hash_bytes(key, len), key, len);

	return e->hash ? e->value.p : NULL;
}

size_t
hash_get_index(const struct hash *h, const char *key, size_t len)
{
	struct entry *e = find(h, hash_bytes(key, len), key, len);

	return e->hash ? e->value.i : HASH_NONE;
}

int
hash_has(const struct hash *h, const char *key, size_t len)
{
	return find(h, hash_bytes(key, len), key, len)->hash != 0;
}

const char *
hash_key(const struct hash *h, const char *key, size_t len)
{
	struct entry *e = find(h, hash_bytes(key, len), key, len);

	return e->hash ? e->key : NULL;
}

static void
rehash(struct hash *h)
{
	struct entry *old = h->slots;
	size_t i, n = h->mask + 1;

	h->mask = n * 2 - 1;
	h->slots = slots_new(n * 2);
	for (i = 0; i < n; i++)
		if (old[i].hash != 0)
			*find(h, old[i].hash, old[i].key, old[i].len) = old[i];
	slots_free(old, n);
}

static const char *
store_key(struct hash *h, const char *key, size_t len)
{
	char *p;

	if (len + 1 > h->chunkfree) {
		size_t size = len + 1 > KEY_CHUNK ? len + 1 : KEY_CHUNK;

		XGROW(h->chunks, h->chunkcap, h->nchunks + 1);
		h->chunks[h->nchunks++] = h->free_at = xmalloc(size);
		h->chunkfree = size;
	}
	p = h->free_at;
	memcpy(p, key, len);
	p[len] = '\0';
	h->free_at += len + 1;
	h->chunkfree -= len + 1;
	return p;
}

/* The entry of key, made if key is new; *fresh says which. */
static struct entry *
put(struct hash *h, const char *key, size_t len, int *fresh)
{
	uint64_t hv = hash_bytes(key, len);
	struct entry *e = find(h, hv, key, len);

	*fresh = e->hash == 0;
	if (!*fresh)
		return e;
	if ((h->count + 1) * 4 > (h->mask + 1) * 3) {	/* load 3/4 */
		rehash(h);
		e = find(h, hv, key, len);
	}
	e->hash = hv;
	e->key = store_key(h, key, len);
	e->len = len;
	h->count++;
	return e;
}

void **
hash_put(struct hash *h, const char *key, size_t len, int *fresh)
{
	struct entry *e = put(h, key, len, fresh);

	if (*fresh)
		e->value.p = NULL;
	return &e->value.p;
}

size_t *
hash_put_index(struct hash *h, const char *key, size_t len, int *fresh)
{
	struct entry *e = put(h, key, len, fresh);

	if (*fresh)
		e->value.i = HASH_NONE;
	return &e->value.i;
}

int
hash_next(const struct hash *h, size_t *pos, const char **key, size_t *len,
    void **value)
{
	for (; *pos <= h->mask; (*pos)++) {
		const struct entry *e = &h->slots[*pos];

		if (e->hash != 0) {
			*key = e->key;
			*len = e->len;
			*value = e->value.p;
			(*pos)++;
			return 1;
		}
	}
	return 0;
}
