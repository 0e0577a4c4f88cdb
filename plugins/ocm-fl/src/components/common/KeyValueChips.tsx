import Chip from '@material-ui/core/Chip';

/** `key=value` chips, the most telling first, with a count of the rest. */
export function KeyValueChips(props: {
  values: Record<string, string>;
  max?: number;
}) {
  const entries = Object.entries(props.values);
  const max = props.max ?? 4;
  return (
    <>
      {entries.slice(0, max).map(([key, value]) => (
        <Chip
          key={key}
          size="small"
          label={value === '' ? key : `${key}=${value}`}
          style={{ margin: 2 }}
        />
      ))}
      {entries.length > max && (
        <Chip
          size="small"
          variant="outlined"
          label={`+${entries.length - max} more`}
          title={entries
            .slice(max)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')}
          style={{ margin: 2 }}
        />
      )}
    </>
  );
}
