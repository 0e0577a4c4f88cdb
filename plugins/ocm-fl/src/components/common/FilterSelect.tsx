import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** A labelled drop-down filter; the empty value means "all". */
export function FilterSelect<T extends string>(props: {
  label: string;
  value: T | '';
  options: readonly T[];
  onChange: (value: T | '') => void;
}) {
  const id = `ocm-fl-filter-${props.label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <FormControl
      variant="outlined"
      size="small"
      style={{ minWidth: 160, marginRight: 16 }}
    >
      <InputLabel id={id}>{props.label}</InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value}
        onChange={event => props.onChange(event.target.value as T | '')}
      >
        <MenuItem value="">All</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
