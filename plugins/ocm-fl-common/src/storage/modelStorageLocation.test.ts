import {
  jobModelPrefix,
  jobModelUri,
  ModelStorageLocation,
  resolveStorageLocation,
  storageLocationsForHub,
} from './modelStorageLocation';

const location = (
  name: string,
  over: Partial<ModelStorageLocation> = {},
): ModelStorageLocation => ({
  name,
  bucket: 'models',
  prefix: 'federated-learning',
  region: 'us-east-1',
  forcePathStyle: false,
  uploaderImage: 'amazon/aws-cli:2.22.35',
  ...over,
});

const LOCATIONS = [
  location('models'),
  location('eu-only', { hubs: ['eu'] }),
  location('root', { prefix: '' }),
];

describe('model storage locations', () => {
  it("gives a job's folder inside its location", () => {
    expect(jobModelPrefix(LOCATIONS[0], 'mnist')).toBe(
      'federated-learning/mnist/',
    );
    expect(jobModelUri(LOCATIONS[2], 'mnist')).toBe('s3://models/mnist/');
  });

  it('offers a hub the locations open to all hubs and those that name it', () => {
    expect(storageLocationsForHub(LOCATIONS, 'eu').map(l => l.name)).toEqual([
      'models',
      'eu-only',
      'root',
    ]);
    expect(storageLocationsForHub(LOCATIONS, 'us').map(l => l.name)).toEqual([
      'models',
      'root',
    ]);
    expect(
      storageLocationsForHub(LOCATIONS, undefined).map(l => l.name),
    ).toEqual(['models', 'root']);
  });

  it('resolves a name the hub may use', () => {
    expect(resolveStorageLocation('eu-only', LOCATIONS, 'eu')).toEqual({
      location: LOCATIONS[1],
    });
  });

  it('refuses an unknown name or one not allowed on the hub, naming storage.location and the allowed names', () => {
    expect(resolveStorageLocation('secrets', LOCATIONS, 'us')).toEqual({
      problem:
        'storage.location: "secrets" is not a configured model storage location; allowed on hub us: models, root',
    });
    expect(resolveStorageLocation('eu-only', LOCATIONS, 'us')).toEqual({
      problem:
        'storage.location: "eu-only" may not be used on hub us; allowed on hub us: models, root',
    });
    expect(resolveStorageLocation('models', [], 'us')).toEqual({
      problem: expect.stringMatching(
        /^storage.location: .*allowed on hub us: none \(ocmFl.storage.locations defines none; use storage type pvc\)$/,
      ),
    });
  });
});
