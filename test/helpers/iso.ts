/** An article's date (milliseconds) as ISO 8601, as --json prints it; undefined for none. */
export const iso = (date: number | undefined) => (date === undefined ? undefined : new Date(date).toISOString());
