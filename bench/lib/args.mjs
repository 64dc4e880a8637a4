// The command line of the node benchmarks: `--name value` pairs. Each script names every option
// with its default; a number default makes the option a number. An unknown option, a missing value
// or a number that is not one stops the run with a message, rather than measuring something else
// than was asked.
export function options(defaults, argv = process.argv.slice(2)) {
  const chosen = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (!argv[i].startsWith('--') || !(name in defaults) || value === undefined) {
      const known = Object.keys(defaults).map((key) => `--${key}`).join(' ');
      throw new Error(`unknown option or missing value: ${argv.slice(i, i + 2).join(' ')} (options: ${known})`);
    }
    if (typeof defaults[name] === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number)) throw new Error(`--${name} takes a number, not '${value}'`);
      chosen[name] = number;
    } else {
      chosen[name] = value;
    }
  }
  return chosen;
}
