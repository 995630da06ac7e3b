require "include";
include "nowhere";
include :optional "nowhere-either";
include "bad/name";
