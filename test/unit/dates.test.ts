import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatDate, parseDate} from '../../source/core/reading/dates.js';

const iso = (value: unknown) => parseDate(value)?.toISOString();

test('RFC 1123 dates as written in RSS feeds', () => {
	assert.equal(iso('Fri, 28 May 2021 11:52:16 GMT'), '2021-05-28T11:52:16.000Z');
	assert.equal(iso('Tue, 07 Jun 2022 00:08:34 GMT'), '2022-06-07T00:08:34.000Z');
	assert.equal(iso('28 May 2021 11:52:16 +0800'), '2021-05-28T03:52:16.000Z');
	assert.equal(iso('Mon, 01 Oct 2018 11:50:50 UT'), '2018-10-01T11:50:50.000Z');
});

test('ISO 8601 with a zone keeps that zone', () => {
	assert.equal(iso('2021-05-28T11:52:16Z'), '2021-05-28T11:52:16.000Z');
	assert.equal(iso('2021-05-28T11:52:16+08:00'), '2021-05-28T03:52:16.000Z');
	assert.equal(iso('2021-05-28T11:52:16-0530'), '2021-05-28T17:22:16.000Z');
	assert.equal(iso('2021-05-28T11:52:16.123Z'), '2021-05-28T11:52:16.123Z');
});

test('a time without a zone is read as China Standard Time (UTC+8)', () => {
	assert.equal(iso('2021-04-29 00:26:08'), '2021-04-28T16:26:08.000Z');
	assert.equal(iso('2021-03-21 16:47:10'), '2021-03-21T08:47:10.000Z');
	assert.equal(iso('2021-05-28T11:52:16'), '2021-05-28T03:52:16.000Z');
	// A bare day is midnight in Beijing.
	assert.equal(iso('2021-05-28'), '2021-05-27T16:00:00.000Z');
});

test('formatDate shows the UTC+8 wall clock, so a zone-less date round-trips', () => {
	assert.equal(formatDate(parseDate('2021-04-29 00:26:08')?.getTime()), '2021-04-29 00:26');
	assert.equal(formatDate(parseDate('2021-04-29 00:26:08')?.getTime(), false), '2021-04-29');
	assert.equal(formatDate(undefined), '');
});

test('dates that do not parse are no date', () => {
	for (const bad of [
		'',
		'   ',
		'not a date',
		'昨天',
		'2021-02-31 10:00:00',
		'2021-13-01',
		'2021-00-10',
		'2021-05-28 25:00:00',
		'2021-05-28 12:60:00',
		'2021-05-28 24:30:00',
		'Fri, 28 May 2021 25:61:00 GMT',
		'Fri, 31 Feb 2021 11:52:16 GMT',
		'Fri, 28 Foo 2021 11:52:16 GMT',
		'0000-00-00 00:00:00',
		'2021-05-28 garbage',
		'20210528',
	]) {
		assert.equal(parseDate(bad), undefined, JSON.stringify(bad));
	}
});

test('absurd years are no date', () => {
	assert.equal(parseDate('0001-01-01 00:00:00'), undefined);
	assert.equal(parseDate('1900-01-01'), undefined);
	assert.equal(parseDate('9999-12-31 00:00:00'), undefined);
	assert.equal(parseDate('Fri, 31 Dec 9999 00:00:00 GMT'), undefined);
	assert.equal(parseDate(new Date(Date.UTC(3000, 0, 1))), undefined);
});

test('Date objects and numbers', () => {
	const date = new Date('2021-05-28T11:52:16Z');
	assert.equal(parseDate(date)?.getTime(), date.getTime());
	assert.equal(parseDate(new Date('invalid')), undefined);
	// Unix seconds and milliseconds.
	assert.equal(iso(1622202736), '2021-05-28T11:52:16.000Z');
	assert.equal(iso(1622202736000), '2021-05-28T11:52:16.000Z');
	assert.equal(parseDate(Number.NaN), undefined);
	assert.equal(parseDate(Number.POSITIVE_INFINITY), undefined);
	assert.equal(parseDate(-5), undefined);
});

test('other types are no date', () => {
	for (const value of [undefined, null, true, {}, [], ['2021-05-28']]) assert.equal(parseDate(value), undefined);
	assert.equal(parseDate('2021-05-28 10:00:00'.repeat(10)), undefined);
});

test('an RFC 1123 date has a day of its month: 29 February only in leap years, and never day 0', () => {
	assert.equal(iso('Thu, 29 Feb 2024 08:00:00 GMT'), '2024-02-29T08:00:00.000Z');
	assert.equal(iso('Tue, 29 Feb 2000 08:00:00 GMT'), '2000-02-29T08:00:00.000Z');
	assert.equal(iso('30 Apr 2021 08:00:00 +0800'), '2021-04-30T00:00:00.000Z');
	for (const bad of [
		'Wed, 29 Feb 2023 08:00:00 GMT',
		'29 Feb 2100 08:00:00 GMT',
		'31 Apr 2021 08:00:00 GMT',
		'00 May 2021 08:00:00 GMT',
		'32 Jan 2021 08:00:00 GMT',
	]) {
		assert.equal(parseDate(bad), undefined, bad);
	}
});
