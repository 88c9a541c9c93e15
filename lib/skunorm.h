/*
 * skunorm: sku-normalize's work on one record. Every SKU that the paths
 * reach is resolved first; only when all of them can be made right is the
 * record rewritten, so a record is either passed whole or held as it came.
 * A null, absent or empty ("") SKU is left alone; any other non-string,
 * or a SKU that cleaning empties, is bad_sku.
 */
#ifndef WMSKIT_SKUNORM_H
#define WMSKIT_SKUNORM_H

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "path.h"
#include "sku.h"

struct skunorm_change;

struct skunorm {
	struct sku_rules rules;
	struct sku_master *master;	/* NULL: clean only */
	struct path **paths;
	size_t npaths;
	int keep_original;	/* keep "<key>_original" beside a change,
				 * unless the record has one already */
	unsigned long skus, rewritten;	/* for --stats */
	/* scratch, reused from record to record */
	struct path_slot *slots;
	size_t slotcap;
	struct skunorm_change *changes;
	size_t nchanges, changecap;
	struct buf text;	/* the new SKUs, end to end */
	struct buf clean, where, path, msg;
	json_t *detail;
};

void skunorm_add_path(struct skunorm *n, struct path *p);
/*
 * 1 when record may pass (rewritten where needed); 0 when it must be held,
 * with e filled (valid until the next call) and record untouched.
 */
int skunorm_record(struct skunorm *n, json_t *record, struct exception *e);
void skunorm_free(struct skunorm *n);

#endif
