import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';

/**
 * The owner of a job that names none: launched with hub credentials (the `ocm-fl` command
 * line without --owner, or kubectl), not through the portal.
 */
export function LaunchedOutsideThePortal() {
  return (
    <Tooltip title="Launched with hub credentials outside the portal, without naming an owner">
      <Typography variant="inherit" color="textSecondary">
        command line
      </Typography>
    </Tooltip>
  );
}
