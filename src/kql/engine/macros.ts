// SQL macros the translated queries call. LocalDatabase installs them once per database; DuckDB
// expands macros at bind time, so they cost nothing at run time.

const TICKS_PER_DAY = 864000000000;

export const ENGINE_MACROS: readonly string[] = [
  // Seven-digit fraction of a second, trailing zeros trimmed, empty when zero.
  `kql_frac7(f) AS CASE WHEN f = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(f AS VARCHAR), 7, '0'), '0') END`,
  // datetime -> KQL text, e.g. 2024-01-02T03:04:05.1234567Z
  `kql_dt_str(t) AS CASE WHEN t IS NULL THEN NULL ELSE strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S')
     || kql_frac7((((epoch_ns(t) % 1000000000) + 1000000000) % 1000000000) // 100) || 'Z' END`,
  // timespan ticks -> KQL text [-][d.]hh:mm:ss[.fffffff]
  `kql_ts_str(x) AS list_transform([x], tx -> CASE WHEN tx IS NULL THEN NULL ELSE
     (CASE WHEN tx < 0 THEN '-' ELSE '' END)
     || (CASE WHEN abs(tx) >= ${TICKS_PER_DAY} THEN CAST(abs(tx) // ${TICKS_PER_DAY} AS VARCHAR) || '.' ELSE '' END)
     || lpad(CAST((abs(tx) // 36000000000) % 24 AS VARCHAR), 2, '0') || ':'
     || lpad(CAST((abs(tx) // 600000000) % 60 AS VARCHAR), 2, '0') || ':'
     || lpad(CAST((abs(tx) // 10000000) % 60 AS VARCHAR), 2, '0')
     || kql_frac7(abs(tx) % 10000000) END)[1]`,
  // real -> text the way KQL prints doubles (no trailing .0 on whole numbers).
  `kql_real_str(x) AS list_transform([x], rx -> CASE WHEN rx IS NULL THEN NULL WHEN isnan(rx) THEN 'NaN'
     WHEN isinf(rx) THEN CASE WHEN rx > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN rx = trunc(rx) AND abs(rx) < 1e15 THEN CAST(CAST(rx AS BIGINT) AS VARCHAR)
     ELSE CAST(rx AS VARCHAR) END)[1]`,
  // dynamic -> string: a JSON string yields its text, null yields '', anything else its JSON.
  `kql_dyn_str(j) AS coalesce(json_extract_string(j, '$'), '')`,
  // dynamic -> SQL NULL when it is JSON null.
  `kql_dyn_null(j) AS j IS NULL OR json_type(j) = 'NULL'`,
  // Macros that use an argument several times bind it once through a one-element list lambda:
  // nested calls (parse_json(tostring(parse_json(...)))) would otherwise grow exponentially.
  // Text -> JSON when it parses, else the text as a JSON string (todynamic / parse_json).
  `kql_parse_json(s) AS list_transform([s], ps -> CASE WHEN ps IS NULL OR ps = '' THEN NULL ELSE coalesce(TRY_CAST(ps AS JSON), to_json(ps)) END)[1]`,
  // dynamic -> long, truncating reals like KQL.
  `kql_dyn_long(j) AS list_transform([j], dl -> CASE json_type(dl)
     WHEN 'BIGINT' THEN TRY_CAST(json_extract_string(dl, '$') AS BIGINT)
     WHEN 'UBIGINT' THEN TRY_CAST(json_extract_string(dl, '$') AS BIGINT)
     WHEN 'DOUBLE' THEN TRY_CAST(trunc(TRY_CAST(json_extract_string(dl, '$') AS DOUBLE)) AS BIGINT)
     WHEN 'BOOLEAN' THEN CASE WHEN json_extract_string(dl, '$') = 'true' THEN 1 ELSE 0 END
     WHEN 'VARCHAR' THEN kql_str_long(json_extract_string(dl, '$'))
     ELSE NULL END)[1]`,
  `kql_dyn_real(j) AS list_transform([j], dr -> CASE json_type(dr)
     WHEN 'BOOLEAN' THEN CASE WHEN json_extract_string(dr, '$') = 'true' THEN 1.0 ELSE 0.0 END
     WHEN 'VARCHAR' THEN kql_str_real(json_extract_string(dr, '$'))
     WHEN 'ARRAY' THEN NULL WHEN 'OBJECT' THEN NULL
     ELSE TRY_CAST(json_extract_string(dr, '$') AS DOUBLE) END)[1]`,
  `kql_dyn_bool(j) AS list_transform([j], db -> CASE json_type(db)
     WHEN 'BOOLEAN' THEN json_extract_string(db, '$') = 'true'
     WHEN 'VARCHAR' THEN kql_str_bool(json_extract_string(db, '$'))
     WHEN 'BIGINT' THEN TRY_CAST(json_extract_string(db, '$') AS BIGINT) <> 0
     WHEN 'UBIGINT' THEN TRY_CAST(json_extract_string(db, '$') AS BIGINT) <> 0
     WHEN 'DOUBLE' THEN TRY_CAST(json_extract_string(db, '$') AS DOUBLE) <> 0
     ELSE NULL END)[1]`,
  // string -> long: integers (decimal or 0x hex) parse; anything else is null.
  `kql_str_long(s) AS list_transform([s], sl -> CASE WHEN regexp_full_match(trim(sl), '[+-]?[0-9]+') THEN TRY_CAST(trim(sl) AS BIGINT)
     WHEN regexp_full_match(trim(sl), '[+-]?[0-9]*\\.[0-9]*([eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-]?[0-9]+')
       THEN TRY_CAST(trunc(TRY_CAST(trim(sl) AS DOUBLE)) AS BIGINT)
     WHEN regexp_full_match(trim(sl), '0[xX][0-9a-fA-F]+') THEN TRY_CAST(trim(sl) AS BIGINT)
     ELSE NULL END)[1]`,
  `kql_str_real(s) AS list_transform([s], sr -> CASE WHEN lower(trim(sr)) = 'nan' THEN CAST('NaN' AS DOUBLE)
     WHEN lower(trim(sr)) IN ('inf', '+inf', 'infinity', '+infinity') THEN CAST('Infinity' AS DOUBLE)
     WHEN lower(trim(sr)) IN ('-inf', '-infinity') THEN CAST('-Infinity' AS DOUBLE)
     ELSE TRY_CAST(trim(sr) AS DOUBLE) END)[1]`,
  `kql_str_bool(s) AS list_transform([s], sb -> CASE WHEN lower(trim(sb)) = 'true' THEN true WHEN lower(trim(sb)) = 'false' THEN false
     WHEN regexp_full_match(trim(sb), '[+-]?[0-9]+') THEN TRY_CAST(trim(sb) AS BIGINT) <> 0 ELSE NULL END)[1]`,
  // string -> timespan ticks: [-][d.]hh:mm[:ss[.fffffff]] or a number with a unit (1h, 30m, 2d).
  `kql_str_ts(s) AS list_transform([s], st -> CASE
     WHEN regexp_full_match(trim(st), '-?([0-9]+\\.)?[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{1,7})?)?') THEN
       (CASE WHEN starts_with(trim(st), '-') THEN -1 ELSE 1 END) * (
         COALESCE(TRY_CAST(regexp_extract(trim(st), '^-?([0-9]+)\\.[0-9]{1,2}:', 1) AS BIGINT), 0) * ${TICKS_PER_DAY}
         + CAST(regexp_extract(trim(st), '([0-9]{1,2}):[0-9]{1,2}(:|$)', 1) AS BIGINT) * 36000000000
         + CAST(regexp_extract(trim(st), '[0-9]{1,2}:([0-9]{1,2})(:|$)', 1) AS BIGINT) * 600000000
         + COALESCE(TRY_CAST(regexp_extract(trim(st), ':[0-9]{1,2}:([0-9]{1,2})', 1) AS BIGINT), 0) * 10000000
         + COALESCE(TRY_CAST(rpad(regexp_extract(trim(st), ':[0-9]{1,2}\\.([0-9]{1,7})$', 1), 7, '0') AS BIGINT), 0))
     WHEN regexp_full_match(lower(trim(st)), '-?[0-9]+(\\.[0-9]+)?\\st*(d|day|days|h|hr|hrs|hour|hours|m|min|minute|minutes|st|sec|second|seconds|ms|milli|millis|millisecond|milliseconds|microsecond|microseconds|tick|ticks)') THEN
       CAST(round(CAST(regexp_extract(lower(trim(st)), '^(-?[0-9]+(\\.[0-9]+)?)', 1) AS DOUBLE) *
         CASE regexp_extract(lower(trim(st)), '([a-z]+)$', 1)
           WHEN 'd' THEN ${TICKS_PER_DAY} WHEN 'day' THEN ${TICKS_PER_DAY} WHEN 'days' THEN ${TICKS_PER_DAY}
           WHEN 'h' THEN 36000000000 WHEN 'hr' THEN 36000000000 WHEN 'hrs' THEN 36000000000
           WHEN 'hour' THEN 36000000000 WHEN 'hours' THEN 36000000000
           WHEN 'm' THEN 600000000 WHEN 'min' THEN 600000000 WHEN 'minute' THEN 600000000 WHEN 'minutes' THEN 600000000
           WHEN 'st' THEN 10000000 WHEN 'sec' THEN 10000000 WHEN 'second' THEN 10000000 WHEN 'seconds' THEN 10000000
           WHEN 'ms' THEN 10000 WHEN 'milli' THEN 10000 WHEN 'millis' THEN 10000
           WHEN 'millisecond' THEN 10000 WHEN 'milliseconds' THEN 10000
           WHEN 'microsecond' THEN 10 WHEN 'microseconds' THEN 10 ELSE 1 END) AS BIGINT)
     ELSE NULL END)[1]`,
  // string -> datetime: ISO 8601 forms DuckDB reads, else null.
  // (TIMESTAMP_NS spans 1678-2261: text outside that range gives null.)
  `kql_str_dt(s) AS list_transform([TRY_CAST(trim(s) AS TIMESTAMPTZ)], tz -> CASE WHEN tz >= TIMESTAMPTZ '1678-01-01 00:00:00+00' AND tz < TIMESTAMPTZ '2262-01-01 00:00:00+00' THEN CAST(tz AS TIMESTAMP_NS) END)[1]`,
  // datetime + ticks and datetime - datetime in ticks, exact to 100 ns.
  `kql_dt_add(t, ticks) AS make_timestamp_ns(epoch_ns(t) + ticks * 100)`,
  `kql_dt_diff(a, b) AS (epoch_ns(a) - epoch_ns(b)) // 100`,
  // bin() of a datetime: KQL bins ticks since 0001-01-01 (a Monday), not since 1970.
  `kql_dt_bin(t, span) AS CASE WHEN span IS NULL OR span <= 0 THEN NULL ELSE make_timestamp_ns(
     (epoch_ns(t) // 100 - ((((epoch_ns(t) // 100 + 621355968000000000) % span) + span) % span)) * 100) END`,
  `kql_dt_bin_at(t, span, origin) AS CASE WHEN span IS NULL OR span <= 0 THEN NULL ELSE make_timestamp_ns(
     (epoch_ns(t) // 100 - ((((epoch_ns(t) // 100 - epoch_ns(origin) // 100) % span) + span) % span)) * 100) END`,
  // Floor-style bin for numbers.
  `kql_num_bin(x, size) AS CASE WHEN size IS NULL OR size <= 0 THEN NULL ELSE floor(x / size) * size END`,
  // has: whole-term match, case-insensitive; terms are maximal runs of ASCII letters and digits.
  `kql_re_escape(s) AS regexp_replace(s, '([.*+?^$\\{\\}()|\\[\\]\\\\])', '\\\\\\1', 'g')`,
  `kql_has(s, t) AS CASE WHEN t = '' THEN true ELSE regexp_matches(s, '(?i)(^|[^A-Za-z0-9])' || kql_re_escape(t) || '($|[^A-Za-z0-9])') END`,
  `kql_has_cs(s, t) AS CASE WHEN t = '' THEN true ELSE regexp_matches(s, '(^|[^A-Za-z0-9])' || kql_re_escape(t) || '($|[^A-Za-z0-9])') END`,
  // Array helpers: a JSON array as a list of JSON elements, or NULL when not an array.
  `kql_arr(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN CAST(json_extract(j, '$[*]') AS JSON[]) ELSE NULL END`,
  `kql_arr_len(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN CAST(json_array_length(j) AS BIGINT) ELSE NULL END`,
  // mv-expand: the elements of an array, the entries of a bag ({k: v}, or [k, v] for kind=array),
  // a single null for null, the value itself for a scalar.
  `kql_mv_list(j) AS list_transform([j], mj -> CASE WHEN mj IS NULL OR json_type(mj) = 'NULL' THEN [CAST(NULL AS JSON)]
     WHEN json_type(mj) = 'ARRAY' THEN CAST(json_extract(mj, '$[*]') AS JSON[])
     WHEN json_type(mj) = 'OBJECT' THEN list_transform(map_entries(CAST(mj AS MAP(VARCHAR, JSON))), e -> json_object(e.key, e.value))
     ELSE [mj] END)[1]`,
  `kql_mv_list_arr(j) AS list_transform([j], ma -> CASE WHEN ma IS NULL OR json_type(ma) = 'NULL' THEN [CAST(NULL AS JSON)]
     WHEN json_type(ma) = 'ARRAY' THEN CAST(json_extract(ma, '$[*]') AS JSON[])
     WHEN json_type(ma) = 'OBJECT' THEN list_transform(map_entries(CAST(ma AS MAP(VARCHAR, JSON))), e -> json_array(e.key, e.value))
     ELSE [ma] END)[1]`,
  // indexof(s, t, start, length) for one occurrence: -1 when absent.
  `kql_indexof1(s, t, p, l) AS CASE WHEN p IS NULL OR p < 0 OR p > length(s) THEN -1
     WHEN strpos(CASE WHEN l < 0 THEN substring(s, p + 1) ELSE substring(s, p + 1, l) END, t) = 0 THEN -1
     ELSE p + strpos(CASE WHEN l < 0 THEN substring(s, p + 1) ELSE substring(s, p + 1, l) END, t) - 1 END`,
  // countof(s, t): occurrences of t in s, overlapping ones included.
  `kql_countof(s, t) AS CASE WHEN length(t) = 0 THEN 0 ELSE CAST(len(list_filter(range(0, greatest(length(s) - length(t) + 1, 0)),
     i -> substring(s, i + 1, length(t)) = t)) AS BIGINT) END`,
];

export function macroStatements(): string[] {
  return ENGINE_MACROS.map((m) => `CREATE OR REPLACE MACRO ${m}`);
}
