import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { RequirementRow } from './selection';

const OPERATORS: RequirementRow['operator'][] = [
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
];

/** Rows of `key operator values` requirements (label or ClusterClaim selectors). */
export function RequirementsEditor(props: {
  /** "label" or "claim": names the rows for screen readers and the add button. */
  noun: string;
  rows: RequirementRow[];
  onChange: (rows: RequirementRow[]) => void;
}) {
  const { noun, rows, onChange } = props;
  const update = (index: number, patch: Partial<RequirementRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Box>
      {rows.map((row, index) => {
        const needsValues = row.operator === 'In' || row.operator === 'NotIn';
        return (
          <Box
            key={index}
            display="flex"
            alignItems="center"
            style={{ gap: 8 }}
            mb={1}
          >
            <TextField
              id={`ocm-fl-${noun}-${index}-key`}
              label={`${noun} key`}
              size="small"
              variant="outlined"
              value={row.key}
              onChange={e => update(index, { key: e.target.value })}
            />
            <TextField
              select
              id={`ocm-fl-${noun}-${index}-operator`}
              label="Operator"
              size="small"
              variant="outlined"
              value={row.operator}
              onChange={e =>
                update(index, {
                  operator: e.target.value as RequirementRow['operator'],
                })
              }
              style={{ minWidth: 140 }}
            >
              {OPERATORS.map(op => (
                <MenuItem key={op} value={op}>
                  {op}
                </MenuItem>
              ))}
            </TextField>
            {needsValues && (
              <TextField
                id={`ocm-fl-${noun}-${index}-values`}
                label="Values (comma-separated)"
                size="small"
                variant="outlined"
                value={row.values}
                onChange={e => update(index, { values: e.target.value })}
              />
            )}
            <IconButton
              aria-label={`Remove ${noun} requirement ${index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
              size="small"
            >
              <DeleteIcon />
            </IconButton>
          </Box>
        );
      })}
      {rows.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No {noun} requirement.
        </Typography>
      )}
      <Button
        size="small"
        onClick={() =>
          onChange([...rows, { key: '', operator: 'In', values: '' }])
        }
      >
        Add {noun} requirement
      </Button>
    </Box>
  );
}
