// Dates in these archives come as RFC 1123 (RSS), ISO 8601, or a bare
// `YYYY-MM-DD HH:mm:ss` with no zone. The sources are Chinese sites, so a
// zone-less time is read as China Standard Time (UTC+8). A date that does
// not parse is no date: we never invent one.
export const defaultZoneOffsetMinutes = 8 * 60;

const localPattern =
	/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.(\d{1,9}))?秒?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const rfcPattern =
	/^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:GMT|UT|UTC|Z|[A-Z]{3}|[+-]\d{4})?$/;

// Keep to years a news archive can hold, so an absurd date is no date.
const minTime = Date.UTC(1970, 0, 1);
const maxTime = Date.UTC(2200, 0, 1);

function valid(ms: number): Date | undefined {
	return Number.isFinite(ms) && ms >= minTime && ms < maxTime ? new Date(ms) : undefined;
}

export function parseDate(value: unknown): Date | undefined {
	if (value instanceof Date) return valid(value.getTime());
	if (typeof value === 'number') {
		// Unix seconds or milliseconds.
		return valid(value < 1e11 ? value * 1000 : value);
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '' || text.length > 64) return undefined;

	const m = localPattern.exec(text);
	if (m) {
		const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
		const month = Number(mo);
		const day = Number(d);
		const hour = Number(h);
		const minute = Number(mi);
		const second = Number(s);
		if (
			month < 1 ||
			month > 12 ||
			day < 1 ||
			day > 31 ||
			hour > 24 ||
			minute > 59 ||
			second > 60 ||
			(hour === 24 && (minute > 0 || second > 0))
		) {
			return undefined;
		}
		const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')));
		// Reject roll-overs such as 2021-02-31.
		const check = new Date(Date.UTC(Number(y), month - 1, day));
		if (check.getUTCDate() !== day) return undefined;
		return valid(utc - zoneOffsetMinutes(zone) * 60_000);
	}

	const rfc = rfcPattern.exec(text);
	if (rfc) {
		// Date.parse rolls `31 Feb` over into March: that day does not exist.
		const [, day, month, year] = rfc;
		const monthIndex = months.indexOf(month!.toLowerCase());
		const fullYear = Number(year) < 100 ? Number(year) + 2000 : Number(year);
		if (monthIndex === -1 || Number(day) < 1 || Number(day) > daysIn(fullYear, monthIndex)) return undefined;
		return valid(Date.parse(text));
	}
	return undefined;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the Gregorian calendar (as Date.UTC counts them, without making a Date). */
function daysIn(year: number, monthIndex: number): number {
	if (monthIndex !== 1) return monthDays[monthIndex]!;
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function zoneOffsetMinutes(zone: string | undefined): number {
	if (zone === undefined) return defaultZoneOffsetMinutes;
	if (zone.toUpperCase() === 'Z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** `2021-05-28 19:52`, shown in the archive's zone (UTC+8). */
export function formatDate(date: number | undefined, withTime = true): string {
	if (date === undefined) return '';
	const shifted = new Date(date + defaultZoneOffsetMinutes * 60_000);
	const iso = shifted.toISOString();
	return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}
