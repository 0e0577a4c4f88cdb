import { CodeSnippet } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { stringify } from 'yaml';

/** "1 Placement, 4 ManifestWorks": what a job put on the hub, kinds in order of appearance. */
export function hubObjectsSummary(objects: unknown[]): string {
  const counts = new Map<string | undefined, number>();
  for (const object of objects) {
    const kind = (object as { kind?: unknown } | null)?.kind;
    const key = typeof kind === 'string' ? kind : undefined;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([kind, count]) =>
      kind === undefined
        ? `${count} without a kind`
        : `${count} ${kind}${count === 1 ? '' : 's'}`,
    )
    .join(', ');
}

/**
 * A job's hub objects as YAML, closed by default under a summary of their kinds: open,
 * the YAML runs to thousands of pixels, and highlighting it holds up the page, so it is
 * only rendered when opened.
 */
export function HubObjects(props: { objects: unknown[] }) {
  const { objects } = props;
  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="ocm-fl-hub-objects-yaml"
        id="ocm-fl-hub-objects-summary"
      >
        <Typography>
          {objects.length} object{objects.length === 1 ? '' : 's'}:{' '}
          {hubObjectsSummary(objects)}
        </Typography>
      </AccordionSummary>
      <AccordionDetails
        id="ocm-fl-hub-objects-yaml"
        style={{ display: 'block' }}
      >
        <CodeSnippet
          language="yaml"
          text={objects.map(o => stringify(o)).join('---\n')}
          showCopyCodeButton
        />
      </AccordionDetails>
    </Accordion>
  );
}
