import ocmFlPlugin from './index';

describe('the ocm-fl plugin (new frontend system)', () => {
  it.each([
    'api:ocm-fl',
    'page:ocm-fl',
    'entity-content:ocm-fl/cluster-jobs',
    'entity-content:ocm-fl/model-versions',
    'scaffolder-form-field:ocm-fl/ocm-cluster-selector',
    'scaffolder-form-field:ocm-fl/ocm-job-name',
    'scaffolder-template-outputs:ocm-fl/launch',
  ])('provides the extension %s (the README names it)', id => {
    expect(ocmFlPlugin.getExtension(id as any)).toBeDefined();
  });
});
