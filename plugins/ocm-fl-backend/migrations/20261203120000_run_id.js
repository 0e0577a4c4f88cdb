// @ts-check

/**
 * The launch a record belongs to (the run label on every hub object of a job): a record is
 * found by it, so one run keeps one record whichever object's time is read first. Records of
 * jobs launched before the label have none.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocm_fl_jobs', table => {
    table.string('run_id').nullable();
    // NULLs are distinct on SQLite and PostgreSQL, so unlabelled records do not collide.
    table.unique(['hub', 'run_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocm_fl_jobs', table => {
    table.dropUnique(['hub', 'run_id']);
    table.dropColumn('run_id');
  });
};
