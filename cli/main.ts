// Placeholder replaced by the CLI.
console.log('contacts-import');
