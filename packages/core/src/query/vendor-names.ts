/**
 * Other names people use for vendors and products, keyed by the vendor slug a corpus would use.
 * Only the entries whose slug is in an index are used; every index also knows its own slugs.
 * A name is matched as whole words; ambiguous English words (such as "bind" or "named") are left
 * out on purpose, since "bind address" in a HAProxy question must not steer to ISC BIND.
 */
export const VENDOR_ALIASES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  postgresql: ['postgres', 'postgresql', 'pg', 'psql', 'pgsql'],
  'isc-bind': ['bind9', 'isc bind', 'isc'],
  'erlang-otp': ['erlang', 'otp', 'erlang/otp'],
  'r-project': ['r project', 'r language', 'cran', 'rstats'],
  python: ['python', 'python3', 'cpython'],
  etcd: ['etcd', 'etcdctl', 'etcdutl'],
  haproxy: ['haproxy'],
  icinga: ['icinga', 'icinga2', 'icingaweb2', 'icingacli'],
  lua: ['lua', 'luajit'],
  debian: ['debian'],
  kubernetes: ['kubernetes', 'k8s', 'kubectl'],
  nginx: ['nginx'],
  mysql: ['mysql'],
  redis: ['redis'],
  docker: ['docker'],
});

/**
 * Names that count only when written with this exact case in the query, because in lower case
 * they are ordinary words or letters ("R" the language, not "r").
 */
export const CASE_SENSITIVE_ALIASES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'r-project': ['R'],
});
