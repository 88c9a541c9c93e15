/*
 * shipmap: the storefront's shipping title mapped to the carrier service
 * the WMS needs, by a table kept by people; what the table does not map is
 * held, never defaulted unless a default is asked for by name.
 *
 * Table: CSV columns title and service_code; optional carrier, channel and
 * country (ISO 3166 alpha-2; empty means any). The most specific row wins:
 * title+channel+country, title+country, title+channel, title. Titles and
 * channels are compared folded (fold_words: case, look-alikes, spaces);
 * nothing fuzzier. Refused at load with "file:line: what": an empty title
 * or code, a country that is not two letters, two rows of the same match
 * with different codes or carriers, and, given the WMS's list of service
 * codes, a code it does not know.
 *
 * Orders are read by the order model of a shape (order.h): the title is
 * that of the live shipping line (one an edit removed is not looked at);
 * live lines with titles that fold apart hold the order
 * (ambiguous_ship_method), since which service was paid for is unknown;
 * an order with no line to pick at a live quantity above 0 needs no method
 * and passes unchanged. The code and carrier go on the live line (Magento:
 * the order itself) as service_code and carrier. The path options, where
 * given, override the model as the kit's path options always did.
 */
#ifndef WMSKIT_SHIPMAP_H
#define WMSKIT_SHIPMAP_H

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "hash.h"
#include "nearest.h"
#include "order.h"
#include "path.h"

struct shipmap_row;
struct shipmap_tally;

struct shipmap {
	struct csv_table *table;
	struct shipmap_row *rows;
	struct hash *match;	/* "title\0channel\0country" to row + 1 */
	struct hash *titles;	/* folded title to its first row + 1 */
	struct order_model *model;
	struct order order;
	/* overrides of the model, paths from the record: NULL for the
	 * model's (title, requires, set, set_carrier) or none (channel) */
	struct path *title, *country, *channel, *requires, *set, *set_carrier;
	const char *fallback;	/* --default: NULL unless asked for */
	unsigned long mapped, defaulted, no_shipping;	/* for --stats */
	/* --coverage */
	struct hash *seen;	/* folded title to tally + 1 */
	struct hash *spellings;	/* "folded\0spelling" to count + 1 */
	struct shipmap_tally *tally;
	size_t ntally, tallycap;
	unsigned long *counts;
	size_t ncounts, countcap;
	/* scratch */
	struct path_slot *slots, *setslots;
	size_t slotcap, setslotcap;
	struct buf key, folded, other, where;
	struct nearest nearest;
	json_t *detail;
};

/* Loads the table; services, when not NULL, is the WMS's CSV of codes,
 * which the table's codes and the fallback (set before) must be in. */
int shipmap_load(struct shipmap *m, const char *path, const char *services,
    char **err);
/* No model and no country path yet: shipmap_shape sets the model, whose
 * shape gives the default country. */
void shipmap_init(struct shipmap *m);
/* Reads orders of shape from now on (call once, before any record). */
void shipmap_shape(struct shipmap *m, const struct order_shape *shape);
void shipmap_free(struct shipmap *m);
/* 1: pass record, mapped; 0: hold it as it came, e says why. */
int shipmap_record(struct shipmap *m, json_t *record, struct exception *e);
/* --coverage: counts record's live titles, each once. */
void shipmap_count(struct shipmap *m, json_t *record);
/* The coverage records, most orders first: n of them into *out. */
size_t shipmap_coverage(struct shipmap *m, json_t ***out);

#endif
