// @ts-check

/**
 * The latest round a job's model location shows, so that job lists can show progress without
 * reading S3 per request.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocm_fl_jobs', table => {
    table.integer('latest_round').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocm_fl_jobs', table => {
    table.dropColumn('latest_round');
  });
};
