-- blogwire state, schema 6: RESERVED. Another branch adds the real 0006; this file
-- only keeps the numbers without a gap on the `desk` branch and is deleted when the
-- two meet (migrations are applied by position, so the real 0006 takes its place).
SELECT 1;
