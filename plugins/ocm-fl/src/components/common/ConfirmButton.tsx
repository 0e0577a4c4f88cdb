import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * A button that asks before it acts. Without permission it stays visible but disabled,
 * and its tooltip names the permission that is missing.
 */
export function ConfirmButton(props: {
  label: string;
  title: string;
  text: ReactNode;
  confirmLabel: string;
  disabledReason?: string;
  onConfirm: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const button = (
    <Button
      variant="outlined"
      color="secondary"
      disabled={!!props.disabledReason}
      onClick={() => setOpen(true)}
    >
      {props.label}
    </Button>
  );
  return (
    <>
      {props.disabledReason ? (
        <Tooltip title={props.disabledReason}>
          {/* A disabled button fires no events: the span carries the tooltip. */}
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      <Dialog open={open} onClose={() => !busy && setOpen(false)}>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogContent>
          <DialogContentText component="div">{props.text}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="secondary"
            variant="contained"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await props.onConfirm();
              } finally {
                setBusy(false);
                setOpen(false);
              }
            }}
          >
            {props.confirmLabel}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
