// @ts-check

/**
 * The lineage store: jobs, their phase history and the model versions they produced. It
 * outlives the jobs' objects on the hub. Portable across SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ocm_fl_jobs', table => {
    table.comment('One record per federated learning job run');
    table.string('hub').notNullable();
    table.string('name').notNullable();
    table
      .string('created_at')
      .notNullable()
      .comment('ISO time the job was created on the hub; tells reruns apart');
    table.string('model').notNullable();
    table.string('framework').notNullable();
    table.text('spec').notNullable().comment('The job spec as JSON');
    table.string('aggregator_cluster').notNullable();
    table.text('participants').notNullable().comment('JSON array of clusters');
    table.string('created_by');
    table.string('phase').notNullable();
    table.text('reason').notNullable();
    table.string('finished_at');
    table.text('vanished_clusters').notNullable().defaultTo('[]');
    table.string('job_record_written_at').comment('job.json at the end');
    table.string('removed_from_hub_at');
    table.primary(['hub', 'name', 'created_at']);
    table.index(['model']);
  });
  await knex.schema.createTable('ocm_fl_phase_changes', table => {
    table.increments('id');
    table.string('hub').notNullable();
    table.string('job').notNullable();
    table.string('job_created_at').notNullable();
    table.string('phase').notNullable();
    table.text('reason').notNullable();
    table.string('at').notNullable();
    table.index(['hub', 'job', 'job_created_at']);
  });
  await knex.schema.createTable('ocm_fl_model_versions', table => {
    table.string('model').notNullable();
    table.integer('version').notNullable();
    table.string('hub').notNullable();
    table.string('job').notNullable();
    table.string('job_created_at').notNullable();
    table.text('record').notNullable().comment('The version as JSON');
    table.string('created_at').notNullable();
    table.primary(['model', 'version']);
    table.unique(['hub', 'job', 'job_created_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ocm_fl_model_versions');
  await knex.schema.dropTable('ocm_fl_phase_changes');
  await knex.schema.dropTable('ocm_fl_jobs');
};
