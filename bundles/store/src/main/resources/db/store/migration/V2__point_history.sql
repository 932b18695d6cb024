-- Telemetry history: every point change for a short window, and per-point minute and hour rollups kept longer
-- (what trend charts read). Times in nanoseconds since the epoch (UTC).

CREATE TABLE point_sample (
    device     VARCHAR NOT NULL,
    point      VARCHAR NOT NULL,
    time_ns    BIGINT NOT NULL,
    value_num  DOUBLE PRECISION,
    value_text VARCHAR,
    quality    VARCHAR(16) NOT NULL
);

CREATE INDEX point_sample_point_time ON point_sample (device, point, time_ns);
CREATE INDEX point_sample_time ON point_sample (time_ns);

-- One row per point, resolution (MINUTE, HOUR) and bucket start. Numeric values fill min/max/sum; every value
-- counts and the latest (by time) is kept as last.
CREATE TABLE point_rollup (
    device        VARCHAR NOT NULL,
    point         VARCHAR NOT NULL,
    resolution    VARCHAR(8) NOT NULL,
    bucket_ns     BIGINT NOT NULL,
    sample_count  BIGINT NOT NULL,
    numeric_count BIGINT NOT NULL,
    min_num       DOUBLE PRECISION,
    max_num       DOUBLE PRECISION,
    sum_num       DOUBLE PRECISION,
    last_num      DOUBLE PRECISION,
    last_text     VARCHAR,
    last_quality  VARCHAR(16) NOT NULL,
    last_ns       BIGINT NOT NULL,
    PRIMARY KEY (device, point, resolution, bucket_ns)
);
