require "enotify";
require "notify";
notify :options "frop@frop.example.org";
