# Sourced by the other scripts: where the lab's PostgreSQL keeps its cluster, where it listens, and how the tests reach it.
PG_LAB=${PG_LAB:-/tmp/pg-lab}
PG_LAB_PORT=${PG_LAB_PORT:-55432}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
# The tests' default too (SessionStore.Tests/Support/PostgreSqlServer.cs): a superuser that may create a database per fixture.
export SESSIONSTORE_TEST_POSTGRES=${SESSIONSTORE_TEST_POSTGRES:-"Host=127.0.0.1;Port=$PG_LAB_PORT;Username=sessionstore;Password=sessionstore;Database=postgres"}
