module.exports = {
  projects: ['<rootDir>/packages/*'],
};
