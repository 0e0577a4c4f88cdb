import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Popover from '@material-ui/core/Popover';

const text = ([key, value]: [string, string]) =>
  value === '' ? key : `${key}=${value}`;

function KeyValueChip(props: { entry: [string, string]; whole?: boolean }) {
  const label = text(props.entry);
  // Long claim keys are cut with an ellipsis so table columns stay narrow; the title and
  // the "+N more" popover show them whole.
  return (
    <Chip
      size="small"
      label={label}
      title={label}
      style={{ margin: 2, maxWidth: props.whole ? undefined : 180 }}
    />
  );
}

/**
 * `key=value` chips, the most telling first; the rest behind a "+N more" button that
 * shows them all.
 */
export function KeyValueChips(props: {
  values: Record<string, string>;
  max?: number;
  /** What the values are ("labels", "claims"), for the button's accessible name. */
  noun?: string;
}) {
  const entries = Object.entries(props.values);
  const max = props.max ?? 4;
  const noun = props.noun ?? 'values';
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center">
      {entries.slice(0, max).map(entry => (
        <KeyValueChip key={entry[0]} entry={entry} />
      ))}
      {entries.length > max && (
        <>
          <Chip
            size="small"
            variant="outlined"
            clickable
            label={`+${entries.length - max} more`}
            aria-label={`Show all ${entries.length} ${noun}`}
            aria-haspopup="dialog"
            onClick={e => setAnchor(e.currentTarget)}
            style={{ margin: 2 }}
          />
          <Popover
            open={!!anchor}
            anchorEl={anchor}
            onClose={() => setAnchor(null)}
            anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
          >
            <Box p={1} maxWidth={480} role="dialog" aria-label={`All ${noun}`}>
              {entries.map(entry => (
                <KeyValueChip key={entry[0]} entry={entry} whole />
              ))}
            </Box>
          </Popover>
        </>
      )}
    </Box>
  );
}
