import {
  LabelSelectorRequirement,
  PlacementSelection,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** One requirement row as the form edits it; rows may be incomplete while typed. */
export interface RequirementRow {
  key: string;
  operator: LabelSelectorRequirement['operator'];
  /** Comma-separated, as typed. */
  values: string;
}

type Predicate = NonNullable<PlacementSelection['predicates']>[number];

/**
 * The part of a placement the selector edits: cluster sets, the label and claim
 * requirements of the first predicate (ANDed, as OCM does inside one predicate) and the
 * number of clusters. Everything else (further predicates, CEL, prioritizers,
 * tolerations) is carried through unchanged.
 */
export interface EditableSelection {
  clusterSets: string[];
  labels: RequirementRow[];
  claims: RequirementRow[];
  numberOfClusters?: number;
  celExpressions?: string[];
  otherPredicates: Predicate[];
  rest: Omit<
    PlacementSelection,
    'clusterSets' | 'predicates' | 'numberOfClusters'
  >;
}

const rows = (
  requirements: LabelSelectorRequirement[] | undefined,
): RequirementRow[] =>
  (requirements ?? []).map(r => ({
    key: r.key,
    operator: r.operator,
    values: (r.values ?? []).join(', '),
  }));

/** The form's view of a placement; `matchLabels` become `In` requirements (same meaning). */
export function toEditable(
  value: Partial<PlacementSelection> | undefined,
): EditableSelection {
  const { clusterSets, predicates, numberOfClusters, ...rest } = value ?? {};
  const [first, ...otherPredicates] = predicates ?? [];
  return {
    clusterSets: clusterSets ?? [],
    labels: [
      ...Object.entries(first?.labelSelector?.matchLabels ?? {}).map(
        ([key, v]): RequirementRow => ({ key, operator: 'In', values: v }),
      ),
      ...rows(first?.labelSelector?.matchExpressions),
    ],
    claims: rows(first?.claimSelector?.matchExpressions),
    numberOfClusters,
    celExpressions: first?.celExpressions,
    otherPredicates,
    rest,
  };
}

/** A row is complete when it has a key, and values if its operator needs them. */
export function isComplete(row: RequirementRow): boolean {
  if (!row.key.trim()) return false;
  return (
    row.operator === 'Exists' ||
    row.operator === 'DoesNotExist' ||
    parseValues(row.values).length > 0
  );
}

const requirements = (list: RequirementRow[]): LabelSelectorRequirement[] =>
  list.filter(isComplete).map(row => ({
    key: row.key.trim(),
    operator: row.operator,
    ...(row.operator === 'In' || row.operator === 'NotIn'
      ? { values: parseValues(row.values) }
      : {}),
  }));

/** The placement a form state stands for; incomplete rows are left out. */
export function fromEditable(editable: EditableSelection): PlacementSelection {
  const labels = requirements(editable.labels);
  const claims = requirements(editable.claims);
  const first: Predicate = {
    ...(labels.length ? { labelSelector: { matchExpressions: labels } } : {}),
    ...(claims.length ? { claimSelector: { matchExpressions: claims } } : {}),
    ...(editable.celExpressions?.length
      ? { celExpressions: editable.celExpressions }
      : {}),
  };
  const predicates = [
    ...(Object.keys(first).length ? [first] : []),
    ...editable.otherPredicates,
  ];
  return {
    ...editable.rest,
    ...(editable.clusterSets.length
      ? { clusterSets: editable.clusterSets }
      : {}),
    ...(predicates.length ? { predicates } : {}),
    ...(editable.numberOfClusters !== undefined
      ? { numberOfClusters: editable.numberOfClusters }
      : {}),
  } as PlacementSelection;
}

/** Comma-separated values as typed into one field. */
export function parseValues(text: string): string[] {
  return text
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}
