/*
 * hash: a table from byte-string keys to pointers, O(1) on average.
 * Open addressing with linear probing; SipHash-1-3 with a key drawn at
 * random per process, so crafted keys cannot make look-ups slow. Keys are
 * copied into the table's own storage.
 */
#ifndef WMSKIT_HASH_H
#define WMSKIT_HASH_H

#include <stddef.h>
#include <stdint.h>

struct hash;

struct hash *hash_new(void);
/* A table sized for n keys, so that loading them never rehashes. */
struct hash *hash_new_sized(size_t n);
void hash_free(struct hash *h);
/* Empties the table, keeping its memory for reuse. */
void hash_clear(struct hash *h);
size_t hash_count(const struct hash *h);
/* The value stored under key, or NULL (also for a NULL stored). */
void *hash_get(const struct hash *h, const char *key, size_t len);
/* Whether key is in the table, whatever its value: for sets. */
int hash_has(const struct hash *h, const char *key, size_t len);
/*
 * The slot of key's value, made (holding NULL) if key is new; *fresh says
 * which. The slot is valid until the next insertion.
 */
void **hash_put(struct hash *h, const char *key, size_t len, int *fresh);
/*
 * A table may hold indexes into an array kept beside it instead of
 * pointers (not both). The index stored under key, or HASH_NONE.
 */
#define HASH_NONE SIZE_MAX
size_t hash_get_index(const struct hash *h, const char *key, size_t len);
/* hash_put for indexes: a new key's slot holds HASH_NONE. */
size_t *hash_put_index(struct hash *h, const char *key, size_t len,
    int *fresh);
/* The table's own copy of key, valid until hash_clear or hash_free; or
 * NULL when key is not in the table. */
const char *hash_key(const struct hash *h, const char *key, size_t len);
/* Visits every entry: start *pos at 0; returns 0 after the last. */
int hash_next(const struct hash *h, size_t *pos, const char **key,
    size_t *len, void **value);
/* SipHash-1-3 of key under the process's random key. */
uint64_t hash_bytes(const char *key, size_t len);

#endif
