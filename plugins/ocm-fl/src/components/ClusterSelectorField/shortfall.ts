import { PlacementPreview } from '../../api/types';

const clusters = (n: number) => (n === 1 ? '1 cluster' : `${n} clusters`);

/**
 * Why a previewed selection cannot run the job, in one sentence; undefined when it can.
 * A job needs at least one client and at least `minClients` of them: the backend refuses
 * anything less after Create, so the form says so before.
 */
export function placementShortfall(
  preview: PlacementPreview,
  minClients: number | undefined,
): string | undefined {
  const selected = preview.selected.length;
  // Clusters that match but fall beyond "Number of clusters".
  const beyondNumber = preview.verdicts.filter(
    v => v.stage === 'notTopN',
  ).length;
  if (selected === 0) {
    return 'No cluster matches the selection: choose other cluster sets or loosen the requirements.';
  }
  if (minClients !== undefined && selected < minClients) {
    return beyondNumber > 0
      ? `${clusters(
          selected + beyondNumber,
        )} match but Number of clusters keeps ${selected} and minClients is ${minClients}.`
      : `${clusters(selected)} ${
          selected === 1 ? 'matches' : 'match'
        } but minClients is ${minClients}.`;
  }
  return undefined;
}

/** The job's `minClients`, when the form has one. */
export function minClientsOf(formData: unknown): number | undefined {
  const value = (formData as { minClients?: unknown } | undefined)?.minClients;
  return typeof value === 'number' ? value : undefined;
}
