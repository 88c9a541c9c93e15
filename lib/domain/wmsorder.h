/*
 * wmsorder: the goods-out the WMS should receive for an order, the last
 * stage of the order pipeline (sku-normalize, dekit, shipmap, wmsorder).
 *
 *	{"reference":"1001","external_system_reference1":"5600000000001",
 *	 "external_system_reference2":"#1001","carrier_code":"Royal Mail",
 *	 "carrier_service_code":"TPN24","currency":"GBP",
 *	 "delivery_address":{…as it came…},
 *	 "lines":[{"product_code":"MUG","order_quantity":2,
 *	  "unit_price":"12.00","external_line_reference":"13000000000001"}]}
 *
 * One line per line to pick (order.h) with a live quantity above 0, its
 * unit price as a decimal string in the currency's minor units, and the
 * "kit" trace of a line dekit made. A cancelled order, a line to pick the
 * warehouse cannot take, and lines to pick without a service code are
 * held as the order came; an order with nothing to pick is written with
 * no lines and counted.
 */
#ifndef WMSKIT_WMSORDER_H
#define WMSKIT_WMSORDER_H

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "order.h"
#include "path.h"

struct wmsorder {
	struct order_model *model;
	/* paths from the record; NULL: the shape's (the service code and
	 * carrier: members of the live shipping line) */
	struct path *service, *carrier;
	unsigned long lines, nothing_to_pick;	/* for --stats */
	/* scratch */
	struct order o;
	struct path *ship_service, *ship_carrier;
	struct path_slot *slots;
	size_t slotcap;
	struct buf text, where;
};

/* A converter for orders of the shape (NULL: shopify). */
void wmsorder_init(struct wmsorder *w, const struct order_shape *shape);
void wmsorder_free(struct wmsorder *w);
/* 1: *out is the goods-out (a new reference); 0: hold record as it came,
 * e says why (valid until the next call). record is not changed. */
int wmsorder_record(struct wmsorder *w, json_t *record, json_t **out,
    struct exception *e);

#endif
