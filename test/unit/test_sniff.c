/*
 * Unit tests of sniff: what the first bytes of a file say it is, and what
 * must not be named (text, and the NUL after a value that the NDJSON
 * reader holds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sniff.h"

#define S(lit)	sniff_binary(lit, sizeof(lit) - 1)

static void
test_magic(void **state)
{
	(void)state;
	assert_string_equal(S("\x1f\x8b\x08\0\0\0\0\0\0\x03"),
	    "gzip-compressed");
	assert_string_equal(S("\x1f\x8b"), "gzip-compressed");
	assert_string_equal(S("BZh91AY&SY\x01"), "bzip2-compressed");
	assert_string_equal(S("\xfd" "7zXZ\0\0\x04"), "xz-compressed");
	assert_string_equal(S("\x28\xb5\x2f\xfd\x04"), "zstd-compressed");
	assert_string_equal(S("PK\3\4\x14\0\x06\0"),
	    "a zip archive or Excel workbook");
	assert_string_equal(S("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0"),
	    "an Excel workbook (.xls)");
}

static void
test_encodings(void **state)
{
	(void)state;
	/* byte order marks; UTF-32's begins with UTF-16's */
	assert_string_equal(S("\xff\xfe{\0}\0"), "UTF-16 text");
	assert_string_equal(S("\xfe\xff\0{\0}"), "UTF-16 text");
	assert_string_equal(S("\xff\xfe"), "UTF-16 text");
	assert_string_equal(S("\xff\xfe\0\0{\0\0\0"), "UTF-32 text");
	assert_string_equal(S("\0\0\xfe\xff\0\0\0{"), "UTF-32 text");
	/* none: a NUL at every other byte, or three in four */
	assert_string_equal(S("{\0\"\0a\0\"\0:\0"), "UTF-16LE text");
	assert_string_equal(S("\0s\0k\0u\0,"), "UTF-16BE text");
	assert_string_equal(S("s\0\0\0k\0\0\0"), "UTF-32LE text");
	assert_string_equal(S("\0\0\0s\0\0\0k"), "UTF-32BE text");
	/* Latin-1 in UTF-16 is still UTF-16 */
	assert_string_equal(S("\xe9\0t\0\xe9\0"), "UTF-16LE text");
}

static void
test_text(void **state)
{
	(void)state;
	assert_null(S("{\"id\":1}\n"));
	assert_null(S("\xef\xbb\xbf{\"id\":1}\n"));	/* UTF-8 BOM */
	assert_null(S("sku,qty\r\n"));
	assert_null(S("caf\xc3\xa9;1\n"));
	assert_null(S(""));
	/* a NUL after a value is for the reader to hold, not a format */
	assert_null(S("123\0\n"));
	assert_null(S("{\"a\":1}\0\n"));
	assert_null(S("1\0\n1\0\n"));
	/* one unit is too few to tell */
	assert_null(S("{\0"));
	/* "BZh" can begin a text: bzip2 only with its block magic */
	assert_null(S("BZh9 is a header\n"));
	assert_null(S("BZh"));
}

static void
test_remedy(void **state)
{
	(void)state;
	assert_string_equal(sniff_remedy("gzip-compressed"),
	    "decompress it first, e.g. zcat FILE | PROG (wmskit reads no "
	    "gzip)");
	assert_string_equal(sniff_remedy("UTF-16 text"),
	    "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8");
	assert_string_equal(sniff_remedy("UTF-16LE text"),
	    "convert it to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8");
	assert_string_equal(sniff_remedy("UTF-32BE text"),
	    "convert it to UTF-8, e.g. iconv -f UTF-32BE -t UTF-8");
	assert_string_equal(sniff_remedy("an Excel workbook (.xls)"),
	    "save the sheet as CSV UTF-8");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_remedy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
