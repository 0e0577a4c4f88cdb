// @ts-check

/**
 * When a person deleted a job: it leaves the lists and counts, while its record stays for the
 * lineage of the model it trained.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocm_fl_jobs', table => {
    table.string('deleted_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocm_fl_jobs', table => {
    table.dropColumn('deleted_at');
  });
};
