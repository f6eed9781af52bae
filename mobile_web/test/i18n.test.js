// Sizes as people read them (src/i18n.js): decimal units, the quota's own figure, no rounding
// that turns 10.7 GB into "11 GB".
import "./globals.js";
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { formatSize, setLocale } from "../src/i18n.js";

afterEach(() => setLocale("nl"));

test("a quota of 10 GB reads 10 GB, and 10 GiB does not pass for 11 GB", () => {
  setLocale("nl");
  assert.equal(formatSize(10_000_000_000), "10 GB");
  assert.equal(formatSize(10 * 1024 ** 3), "10,7 GB");
  assert.equal(formatSize(3_250_000_000), "3,3 GB");
});

test("every size in the unit that fits it, in the reader's language", () => {
  setLocale("nl");
  assert.equal(formatSize(0), "0 B");
  assert.equal(formatSize(999), "999 B");
  assert.equal(formatSize(1_500_000), "1,5 MB");
  assert.equal(formatSize(250_000_000), "250 MB");
  assert.equal(formatSize(50_000_000), "50 MB");
  assert.equal(formatSize(2_000_000_000_000), "2 TB");
  setLocale("en");
  assert.equal(formatSize(10 * 1024 ** 3), "10.7 GB");
  assert.equal(formatSize(1_500_000), "1.5 MB");
});
